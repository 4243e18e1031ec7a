package io.featurelens.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.deploy.LocalLambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The measurements of bench/lambda_latency.sh (the method is written there). Arguments: the unpacked
 * function.zip, the runtime interface client's class path, the image, the weights, the number of warm
 * runs, and the file to write the results to.
 */
public final class LambdaLatency {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";
    private static final String LAYER = "relu1_2";

    public static void main(String[] args) throws Exception {
        Path function = Path.of(args[0]);
        String runtimeClassPath = args[1];
        byte[] image = Files.readAllBytes(Path.of(args[2]));
        String weights = args[3];
        int runs = Integer.parseInt(args[4]);
        Path report = Path.of(args[5]);

        int httpPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(javaCommand(runtimeClassPath))
                .directory(function.toFile())
                .redirectErrorStream(true)
                .redirectOutput(report.resolveSibling("function.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("AWS_REGION", "us-east-1");
        env.put("FEATURELENS_MODEL_WEIGHTS", weights);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));

        try (LocalLambda lambda = new LocalLambda()) {
            lambda.start(builder);
            double polled = lambda.awaitFirstPoll(Duration.ofSeconds(600));
            HttpClient http = HttpClient.newHttpClient();
            URI api = URI.create("http://127.0.0.1:" + httpPort + "/api/features");
            byte[] event = JSON.writeValueAsBytes(Map.of("image", Base64.getEncoder().encodeToString(image), "layer", LAYER));

            double firstInvocation = invoke(lambda, event);
            List<Double> warmInvocations = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                warmInvocations.add(invoke(lambda, event));
            }
            double firstApi = post(http, api, image);
            List<Double> warmApi = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                warmApi.add(post(http, api, image));
            }

            String results = String.format("""
                    | measure (%s, %d maps inline, %d warm runs each) | ms |
                    |---|---:|
                    | process start to first runtime-API poll (model loaded during init) | %.0f |
                    | first invocation | %.1f |
                    | warm invocation, median (min-max) | %.1f (%.1f-%.1f) |
                    | JSON API, first request in the same process | %.1f |
                    | JSON API, warm request, median (min-max) | %.1f (%.1f-%.1f) |
                    | warm invocation / warm JSON API request | %.2f |
                    """, LAYER, 64, runs, polled, firstInvocation, median(warmInvocations),
                    Collections.min(warmInvocations), Collections.max(warmInvocations), firstApi, median(warmApi),
                    Collections.min(warmApi), Collections.max(warmApi), median(warmInvocations) / median(warmApi));
            Files.writeString(report, "Run on " + LocalDate.now() + ", weights: " + weights + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores\n\n" + results);
            System.out.print(results);
        }
    }

    /** What a Java container image for Lambda runs: the runtime interface client, in the unpacked function. */
    private static List<String> javaCommand(String runtimeClassPath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = System.getenv("FUNCTION_JAVA_OPTS");
        if (options != null && !options.isBlank()) {
            command.addAll(List.of(options.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", runtimeClassPath, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER));
        return command;
    }

    private static double invoke(LocalLambda lambda, byte[] event) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = lambda.invoke(event);
        double millis = (System.nanoTime() - start) / 1e6;
        check(response, "invocation");
        return millis;
    }

    private static double post(HttpClient http, URI api, byte[] image) throws IOException, InterruptedException {
        String boundary = "featurelens-bench";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"image.png\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"layer\"\r\n\r\n" + LAYER
                + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(api)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofByteArray());
        double millis = (System.nanoTime() - start) / 1e6;
        check(response, "JSON API request");
        return millis;
    }

    /** Both answer with all 64 maps, or the numbers mean nothing. */
    private static void check(HttpResponse<byte[]> response, String what) throws IOException {
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 200 || answer.path("maps").size() != 64) {
            throw new IllegalStateException(what + " failed: " + response.statusCode() + " "
                    + new String(response.body(), 0, Math.min(500, response.body().length), StandardCharsets.UTF_8));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private LambdaLatency() {
    }
}
