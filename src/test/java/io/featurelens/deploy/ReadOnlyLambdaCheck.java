package io.featurelens.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featurelens.Goldens;
import io.featurelens.MapAssertions;
import io.featurelens.lambda.S3ProxyServer;
import io.featurelens.ExplainGoldens;
import io.featurelens.model.ClassifierLayout;
import io.featurelens.model.DemoWeights;
import io.featurelens.model.FullWeightsFile;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.featurelens.deploy.LayoutChecks.require;
import static io.featurelens.deploy.LayoutChecks.run;
import static io.featurelens.deploy.LayoutChecks.writtenUnder;

/**
 * infra/lambda/readonly-check.sh: the Lambda image starts and answers on a read-only file system. Lays the
 * image out with infra/lambda/layout.sh, then runs the Dockerfile's ENTRYPOINT and CMD in its WORKDIR with
 * its ENV (and what Lambda adds) through infra/lambda/sandbox.sh (read-only but /tmp, unprivileged),
 * against Quarkus's mock runtime API on loopback. Twice: with the weights file baked into the image, and
 * with {@code FEATURELENS_MODEL_WEIGHTS=s3://…} read from S3Proxy at initialisation. Each time a relu1_2
 * request must come back with the 64 maps of the goldens and a predict request with PyTorch's top five (not
 * 409: the image carries the classifier); with S3 weights the pipeline also writes the Grad-CAM overlay. DJL
 * must extract nothing, and the weights cache under /tmp must stay empty with baked weights and hold the
 * features and the classifier's part once each with S3 weights. The weights are the demo features and
 * classifier written as a whole file under timm's names, so the goldens apply.
 *
 * <p>Arguments: the Dockerfile, target/function.zip, the Runtime Interface Client's jars, a work directory.
 */
public final class ReadOnlyLambdaCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAYER = "relu1_2";
    private static final int SIZE = 224;
    /** Docker's PATH for images that do not set one. */
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Dockerfile dockerfile;
    private final Path sandbox;
    private final Path work;
    private final Path image;
    private final Path fullWeights;

    private ReadOnlyLambdaCheck(Path dockerfile, Path work) {
        this.dockerfile = Dockerfile.read(dockerfile);
        this.sandbox = dockerfile.resolveSibling("sandbox.sh");
        this.work = work;
        this.image = work.resolve("image");
        this.fullWeights = work.resolve("model.safetensors");
    }

    /** Exits 0 when every check passed, 1 otherwise: the servers' threads must not keep a failed check alive. */
    public static void main(String[] args) {
        try {
            Path work = Path.of(args[3]).toAbsolutePath();
            ReadOnlyLambdaCheck check = new ReadOnlyLambdaCheck(Path.of(args[0]).toAbsolutePath(), work);
            check.layOut(Path.of(args[1]).toAbsolutePath(), Path.of(args[2]).toAbsolutePath());
            check.bakedWeights();
            check.weightsFromS3();
            System.out.println("read-only check passed");
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.out.println("read-only check FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The image's inputs as the Dockerfile copies them, the whole weights file among them. */
    private void layOut(Path functionZip, Path runtimeClient) throws Exception {
        Path inputs = Files.createDirectories(work.resolve("inputs"));
        Files.createSymbolicLink(inputs.resolve("function.zip"), functionZip);
        Files.createSymbolicLink(inputs.resolve("runtime-client"), runtimeClient);
        FullWeightsFile.withClassifier(fullWeights, ClassifierLayout.TIMM);
        Path baked = Path.of(env().get("FEATURELENS_MODEL_WEIGHTS"));
        Files.createLink(Files.createDirectories(inputs.resolve("weights")).resolve(baked.getFileName()), fullWeights);
        run(List.of("sh", dockerfile.file().resolveSibling("layout.sh").toString(), inputs.toString(), image.toString()));
        require(Files.isRegularFile(inImage(baked.toString())), "the image holds ENV FEATURELENS_MODEL_WEIGHTS=" + baked);
        Path libtorch = inImage(env().get("PYTORCH_LIBRARY_PATH"));
        require(Files.isRegularFile(libtorch.resolve("libtorch.so")) && Files.isRegularFile(libtorch.resolve("libdjl_torch.so")),
                "PYTORCH_LIBRARY_PATH holds libtorch and DJL's JNI library");
    }

    private void bakedWeights() throws Exception {
        Path scratch = work.resolve("baked");
        Map<String, String> env = lambdaEnvironment();
        try (LocalLambda lambda = start(env, scratch)) {
            JsonNode answer = features(lambda);
            require(answer.path("model").path("weights").asText().equals(env.get("FEATURELENS_MODEL_WEIGHTS")),
                    "the baked weights were used: " + answer.path("model"));
            predict(lambda);
            report(lambda);
        }
        writtenToTmp(scratch);
        require(writtenUnder(inScratch(scratch, "FEATURELENS_MODEL_CACHE_DIR")).isEmpty(), "no weights were downloaded");
    }

    private void weightsFromS3() throws Exception {
        Path scratch = work.resolve("s3");
        S3ProxyServer server = new S3ProxyServer();
        URI endpoint = URI.create(server.start().get("featurelens.lambda.s3.endpoint"));
        try (S3Client s3 = S3ProxyServer.client(endpoint)) {
            S3ProxyServer.createBuckets(s3, "weights", "uploads", "maps");
            S3ProxyServer.put(s3, "weights", "vgg16/model.safetensors", Files.readAllBytes(fullWeights));
            S3ProxyServer.put(s3, "uploads", "incoming/scene.png", Goldens.sceneImage());

            Map<String, String> env = lambdaEnvironment();
            String weights = "s3://weights/vgg16/model.safetensors";
            env.putAll(Map.of("FEATURELENS_MODEL_WEIGHTS", weights,
                    "FEATURELENS_LAMBDA_S3_ENDPOINT", endpoint.toString(),
                    "FEATURELENS_LAMBDA_S3_PATH_STYLE", "true",
                    "FEATURELENS_LAMBDA_S3_ALLOWED_BUCKETS", "uploads,maps",
                    "FEATURELENS_LAMBDA_PIPELINE_OUTPUT_BUCKET", "maps",
                    "FEATURELENS_LAMBDA_PIPELINE_GRADCAM_OVERLAY", "true",
                    "AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY,
                    "AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL,
                    "AWS_REQUEST_CHECKSUM_CALCULATION", "when_required",
                    "AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required"));
            try (LocalLambda lambda = start(env, scratch)) {
                JsonNode answer = features(lambda);
                require(answer.path("model").path("weights").asText().equals(weights), "weights from S3: " + answer.path("model"));
                JsonNode report = invoke(lambda, JSON.readTree("""
                        {"Records": [{"eventName": "ObjectCreated:Put",
                          "s3": {"bucket": {"name": "uploads"}, "object": {"key": "incoming/scene.png"}}}]}"""));
                require(report.path("written").size() == 1 && report.path("written").get(0).path("maps").asInt() == 128,
                        "the pipeline wrote conv1_1 and conv1_2: " + report);
                require(report.path("written").get(0).path("gradcam").path("key").asText()
                        .equals("featurelens/incoming/scene.png/gradcam-overlay.png"), "and the Grad-CAM overlay: " + report);
                int objects = s3.listObjectsV2(b -> b.bucket("maps").prefix("featurelens/incoming/scene.png/")).keyCount();
                require(objects == 131, "128 maps, 2 montages and the overlay in S3, found " + objects);
                predict(lambda);
                report(lambda);
            }
        } finally {
            server.stop();
        }
        writtenToTmp(scratch);
        Path cache = inScratch(scratch, "FEATURELENS_MODEL_CACHE_DIR");
        List<String> cached = writtenUnder(cache);
        long featureBytes = DemoWeights.generate().tensors().values().stream().mapToLong(b -> 4L * b.limit()).sum();
        long classifierBytes = ClassifierLayout.TIMM.tensors().values().stream()
                .mapToLong(shape -> 4L * java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact)).sum();
        long kept = 0;
        for (String file : cached) {
            kept += Files.size(cache.resolve(file));
        }
        require(cached.size() == 2 && kept >= featureBytes + classifierBytes && kept < featureBytes + classifierBytes + 16384,
                "the features and the classifier's part, once each, in the cache under /tmp: " + cached + ", " + kept + " bytes");
        System.out.printf("S3 weights: %d of the file's %d bytes kept in %s%n", kept,
                Files.size(fullWeights), env().get("FEATURELENS_MODEL_CACHE_DIR"));
    }

    /** Lists what the function wrote (the sandbox lets it write under /tmp only) and requires that DJL extracted nothing. */
    private void writtenToTmp(Path scratch) throws IOException {
        System.out.println("Written to /tmp: " + writtenUnder(scratch.resolve("tmp")));
        require(writtenUnder(inScratch(scratch, "DJL_CACHE_DIR")).isEmpty(), "DJL extracted nothing");
    }

    /** Where the directory that ENV {@code key} names under /tmp is in this run's scratch directory. */
    private Path inScratch(Path scratch, String key) {
        String dir = env().get(key);
        require(dir != null && dir.startsWith("/tmp/"), key + " is under /tmp, Lambda's only writable place: " + dir);
        return scratch.resolve(dir.substring(1));
    }

    /** The image's ENV and WORKDIR, with what Lambda adds: the function runs in exactly this environment. */
    private Map<String, String> lambdaEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", PATH);
        env.putAll(env());
        env.put("LAMBDA_TASK_ROOT", dockerfile.workdir().orElseThrow());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "featurelens-readonly-check");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "3538");
        env.put("_HANDLER", dockerfile.cmd().get(0));
        env.put("TZ", ":UTC");
        return env;
    }

    private LocalLambda start(Map<String, String> env, Path scratch) throws Exception {
        List<String> command = new ArrayList<>(List.of(sandbox.toString(), image.toString(), scratch.toString(),
                dockerfile.workdir().orElseThrow()));
        command.addAll(dockerfile.entrypoint());
        command.addAll(dockerfile.cmd());
        Files.createDirectories(scratch);
        Path log = scratch.resolve("function.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        System.out.println("Starting " + String.join(" ", command) + " (log: " + log + ")");
        LocalLambda lambda = new LocalLambda();
        try {
            lambda.start(builder);
            System.out.printf("Initialised: first poll of the runtime API %.0f ms after the start%n",
                    lambda.awaitFirstPoll(Duration.ofMinutes(5)));
            Files.readAllLines(log).stream().filter(l -> l.startsWith("sandbox:")).forEach(System.out::println);
            return lambda;
        } catch (RuntimeException e) {
            lambda.close();
            System.out.println(Files.readString(log));
            throw e;
        }
    }

    /** relu1_2 of the golden scene: 64 maps, each within the goldens' tolerance. */
    private JsonNode features(LocalLambda lambda) throws Exception {
        ObjectNode event = JSON.createObjectNode().put("image", Base64.getEncoder().encodeToString(Goldens.sceneImage()))
                .put("layer", LAYER);
        long start = System.nanoTime();
        JsonNode answer = invoke(lambda, event);
        System.out.printf("Invocation: %.0f ms%n", (System.nanoTime() - start) / 1e6);
        require(answer.path("layer").path("name").asText().equals(LAYER) && answer.path("maps").size() == 64,
                "64 maps of " + LAYER + ": " + abbreviated(answer.toString()));
        byte[] goldens = Goldens.sigmoidMaps(3);
        MapAssertions.Tally tally = new MapAssertions.Tally(LAYER + " from the function in the read-only image vs goldens");
        for (int i = 0; i < 64; i++) {
            byte[] png = Base64.getDecoder().decode(answer.get("maps").get(i).get("png").asText());
            tally.add(MapAssertions.greyLevels(png, SIZE, SIZE), goldens, i * SIZE * SIZE);
        }
        tally.assertClose();
        return answer;
    }

    /** A predict request: PyTorch's top five for the scene, not the 409 of weights without a classifier. */
    private static void predict(LocalLambda lambda) throws Exception {
        ObjectNode event = JSON.createObjectNode().put("action", "predict")
                .put("image", Base64.getEncoder().encodeToString(Goldens.sceneImage()));
        long start = System.nanoTime();
        JsonNode answer = invoke(lambda, event);
        System.out.printf("Predict invocation: %.0f ms%n", (System.nanoTime() - start) / 1e6);
        JsonNode expected = ExplainGoldens.meta().get("top");
        require(answer.path("predictions").size() == 5, "five predictions: " + abbreviated(answer.toString()));
        for (int i = 0; i < 5; i++) {
            require(answer.get("predictions").get(i).path("index").asInt() == expected.get(i).get("index").asInt(),
                    "PyTorch's top five: " + answer.get("predictions"));
        }
    }

    private static JsonNode invoke(LocalLambda lambda, JsonNode event) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = lambda.invoke(JSON.writeValueAsBytes(event));
        String body = new String(response.body(), StandardCharsets.UTF_8);
        require(response.statusCode() == 200, "invocation answered " + response.statusCode() + ": " + abbreviated(body));
        return JSON.readTree(body);
    }

    private static void report(LocalLambda lambda) {
        lambda.peakResidentKb().ifPresent(kb -> System.out.printf("Peak resident memory of the function: %d MB%n", kb / 1024));
    }

    private Map<String, String> env() {
        return dockerfile.env();
    }

    private Path inImage(String absolute) {
        return image.resolve(absolute.replaceFirst("^/+", ""));
    }


    private static String abbreviated(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
