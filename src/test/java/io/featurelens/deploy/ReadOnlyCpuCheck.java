package io.featurelens.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.featurelens.ExplainGoldens;
import io.featurelens.Goldens;
import io.featurelens.MapAssertions;
import io.featurelens.model.ClassifierLayout;
import io.featurelens.model.FullWeightsFile;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import java.util.concurrent.TimeUnit;

import static io.featurelens.deploy.LayoutChecks.require;
import static io.featurelens.deploy.LayoutChecks.run;
import static io.featurelens.deploy.LayoutChecks.writtenUnder;

/**
 * infra/cpu/readonly-check.sh: the CPU image starts and serves on a read-only file system. Lays the image out
 * with infra/cpu/layout.sh, then runs the Dockerfile's ENTRYPOINT in its WORKDIR with its ENV through
 * infra/lambda/sandbox.sh: everything read-only but /tmp and the image's VOLUME, as an unprivileged user.
 * The weights, a whole file (the demo features and classifier under torchvision's names), are downloaded at
 * start (a local HTTP server stands for the default URL) into the cache volume. The Dockerfile's HEALTHCHECK
 * must turn healthy, relu1_2 of the golden scene must match the goldens, an upload through /api/maps.zip must
 * be served, and once the classifier is in, /api/predict must answer PyTorch's top five (not 409); DJL must
 * extract nothing, and the volume must hold only the downloaded features and classifier.
 *
 * <p>Arguments: the Dockerfile, target/quarkus-app, a work directory.
 */
public final class ReadOnlyCpuCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final int SIZE = 224;

    private final Dockerfile dockerfile;
    private final Path work;
    private final Path image;
    private final HttpClient http = HttpClient.newHttpClient();

    private ReadOnlyCpuCheck(Path dockerfile, Path work) {
        this.dockerfile = Dockerfile.read(dockerfile);
        this.work = work;
        this.image = work.resolve("image");
    }

    /** Exits 0 when every check passed, 1 otherwise. */
    public static void main(String[] args) {
        try {
            ReadOnlyCpuCheck check = new ReadOnlyCpuCheck(Path.of(args[0]).toAbsolutePath(), Path.of(args[2]).toAbsolutePath());
            check.layOut(Path.of(args[1]).toAbsolutePath());
            check.serve();
            System.out.println("read-only check of the CPU image passed");
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.out.println("read-only check of the CPU image FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private void layOut(Path quarkusApp) throws Exception {
        Path inputs = Files.createDirectories(work.resolve("inputs"));
        Files.createSymbolicLink(inputs.resolve("quarkus-app"), quarkusApp);
        run(List.of("sh", dockerfile.file().resolveSibling("layout.sh").toString(), inputs.toString(), image.toString()));
        Path libtorch = inImage(dockerfile.env().get("PYTORCH_LIBRARY_PATH"));
        require(Files.isRegularFile(libtorch.resolve("libtorch.so")) && Files.isRegularFile(libtorch.resolve("libdjl_torch.so")),
                "PYTORCH_LIBRARY_PATH holds libtorch and DJL's JNI library");
        for (String volume : dockerfile.volumes()) {
            require(Files.isDirectory(inImage(volume)), "the image has the mount point of VOLUME " + volume);
        }
    }

    private void serve() throws Exception {
        Path weights = FullWeightsFile.withClassifier(work.resolve("model.safetensors"), ClassifierLayout.TORCHVISION);
        HttpServer weightsServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        weightsServer.createContext("/model.safetensors", exchange -> {
            exchange.sendResponseHeaders(200, Files.size(weights));
            try (OutputStream body = exchange.getResponseBody()) {
                Files.copy(weights, body);
            }
        });
        weightsServer.start();
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", PATH);
        env.putAll(dockerfile.env());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("FEATURELENS_MODEL_WEIGHTS", "http://127.0.0.1:" + weightsServer.getAddress().getPort() + "/model.safetensors");
        env.put("SANDBOX_VOLUMES", String.join(" ", dockerfile.volumes()));
        Path scratch = work.resolve("run");
        Files.createDirectories(scratch);
        List<String> command = new ArrayList<>(List.of(dockerfile.file().resolveSibling("../lambda/sandbox.sh").normalize().toString(),
                image.toString(), scratch.toString(), dockerfile.workdir().orElseThrow()));
        command.addAll(dockerfile.entrypoint());
        Path log = scratch.resolve("service.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        System.out.println("Starting " + String.join(" ", command) + " (log: " + log + ")");
        long start = System.nanoTime();
        Process service = builder.start();
        try {
            awaitHealthy(service, port, log);
            System.out.printf("Healthy (the Dockerfile's HEALTHCHECK) %.0f ms after the start%n", (System.nanoTime() - start) / 1e6);
            Files.readAllLines(log).stream().filter(l -> l.startsWith("sandbox:")).forEach(System.out::println);
            features(port);
            HttpResponse<byte[]> zip = post(port, "/api/maps.zip", "relu1_2");
            require(zip.statusCode() == 200 && zip.body().length > 64 * 100, "/api/maps.zip answered " + zip.statusCode());
            predict(port);
        } catch (RuntimeException | AssertionError e) {
            System.out.println(Files.readString(log));
            throw e;
        } finally {
            // The sandbox drops privileges before it starts java, which clears unshare's kill-on-exit signal.
            service.descendants().forEach(ProcessHandle::destroy);
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.descendants().forEach(ProcessHandle::destroyForcibly);
                service.destroyForcibly();
            }
            weightsServer.stop(0);
        }
        System.out.println("Written to /tmp: " + writtenUnder(scratch.resolve("tmp")));
        require(writtenUnder(inVolume(scratch, "DJL_CACHE_DIR")).isEmpty(), "DJL extracted nothing");
        List<String> cached = writtenUnder(inVolume(scratch, "FEATURELENS_MODEL_CACHE_DIR"));
        require(cached.size() == 2, "the downloaded features and the classifier, once each, in the cache volume: " + cached);
    }

    /** Runs the Dockerfile's HEALTHCHECK command (on the service's port) until it succeeds. */
    private void awaitHealthy(Process service, int port, Path log) throws Exception {
        List<String> check = dockerfile.healthcheck().stream().map(a -> a.replace("/8080", "/" + port)).toList();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            require(service.isAlive(), "the service stopped:\n" + Files.readString(log));
            if (new ProcessBuilder(check).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor() == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("not healthy within 5 minutes:\n" + Files.readString(log));
    }

    private void features(int port) throws Exception {
        HttpResponse<byte[]> response = post(port, "/api/features", "relu1_2");
        String body = new String(response.body(), StandardCharsets.UTF_8);
        require(response.statusCode() == 200, "/api/features answered " + response.statusCode() + ": " + body);
        JsonNode answer = JSON.readTree(body);
        require(answer.path("maps").size() == 64, "64 maps of relu1_2");
        byte[] goldens = Goldens.sigmoidMaps(3);
        MapAssertions.Tally tally = new MapAssertions.Tally("relu1_2 from the read-only CPU image vs goldens");
        for (int i = 0; i < 64; i++) {
            byte[] png = Base64.getDecoder().decode(answer.get("maps").get(i).get("png").asText());
            tally.add(MapAssertions.greyLevels(png, SIZE, SIZE), goldens, i * SIZE * SIZE);
        }
        tally.assertClose();
    }

    /** Once the classifier has loaded (503 with Retry-After until then), PyTorch's top five for the scene. */
    private void predict(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        HttpResponse<byte[]> response = post(port, "/api/predict", null);
        while (response.statusCode() == 503 && System.nanoTime() < deadline) {
            require(response.headers().firstValue("Retry-After").isPresent(), "a 503 says when to come back");
            Thread.sleep(1000);
            response = post(port, "/api/predict", null);
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        require(response.statusCode() == 200, "/api/predict answered " + response.statusCode() + ": " + body);
        JsonNode predictions = JSON.readTree(body).path("predictions");
        JsonNode expected = ExplainGoldens.meta().get("top");
        for (int i = 0; i < 5; i++) {
            require(predictions.path(i).path("index").asInt() == expected.get(i).get("index").asInt(),
                    "PyTorch's top five: " + predictions);
        }
    }

    /** The scene as multipart {@code image}, with {@code layer} unless null. */
    private HttpResponse<byte[]> post(int port, String path, String layer) throws IOException, InterruptedException {
        String boundary = "featurelens-check";
        String layerPart = layer == null ? "" : "--" + boundary + "\r\nContent-Disposition: form-data; name=\"layer\"\r\n\r\n"
                + layer + "\r\n";
        byte[] head = (layerPart + "--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"scene.png\"\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Goldens.sceneImage(), tail))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Where the directory that ENV {@code key} names, inside a volume, is in this run's scratch directory. */
    private Path inVolume(Path scratch, String key) {
        String dir = dockerfile.env().get(key);
        require(dockerfile.volumes().stream().anyMatch(v -> dir.startsWith(v + "/")), key + " is in a volume: " + dir);
        return scratch.resolve("volumes").resolve(dir.substring(1));
    }

    private Path inImage(String absolute) {
        return image.resolve(absolute.replaceFirst("^/+", ""));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
