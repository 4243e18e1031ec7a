package io.featurelens.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged application, {@code java -jar target/quarkus-app/quarkus-run.jar}, started as a user would. */
class PackagedAppIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** A job past its first steps: running, with some progress made. */
    private static final Pattern RENDERING = Pattern.compile("\"status\":\"running\".*\"progress\":0\\.[0-9]*[1-9]");

    @TempDir
    Path dir;

    @Test
    void servesHttpOnTheDemoWeightsAndSaysTheyAreUntrained() throws Exception {
        int port = freePort();
        HttpClient http = HttpClient.newHttpClient();
        Process app = startReadyOnDemoWeights(http, port);
        try {
            assertTrue(get(http, port, "/q/metrics").body().contains("\nfeaturelens_requests_queued "),
                    "the autoscaler's metrics are there before the first request");
            HttpResponse<String> model = get(http, port, "/api/model");
            assertTrue(model.body().contains("\"pretrained\":false"), model.body());
            assertTrue(model.body().contains("\"weights\":\"demo\""), model.body());
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * SIGTERM while a visualisation is rendering: the render stops before its next step and the process ends on
     * its own, without the native crash a render still running on a freed model would give.
     */
    @Test
    void stopsCleanlyWhileAVisualisationRenders() throws Exception {
        int port = freePort();
        HttpClient http = HttpClient.newHttpClient();
        Process app = startReadyOnDemoWeights(http, port);
        try {
            HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/visualizations"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("layer=relu5_3&filter=3&steps=200")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, submitted.statusCode(), submitted.body());
            Matcher href = Pattern.compile("\"href\":\"([^\"]+)\"").matcher(submitted.body());
            assertTrue(href.find(), submitted.body());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String job = "";
            while (!RENDERING.matcher(job).find()) {
                assertTrue(System.nanoTime() < deadline, "the render never got going: " + job);
                Thread.sleep(100);
                job = get(http, port, href.group(1)).body();
            }
        } finally {
            app.destroy();
        }
        assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the process ends by itself after SIGTERM; log:\n" + log());
        String log = log();
        assertTrue(app.exitValue() == 0 || app.exitValue() == 143, "exit code " + app.exitValue() + "; log:\n" + log);
        assertFalse(log.contains("SIGSEGV") || log.contains("A fatal error has been detected"), log);
        assertTrue(Pattern.compile("Visualisation \\S+ stopped after \\d+ of 200 steps: the service is shutting down").matcher(log).find(), log);
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")), "no JVM crash report");
        }
    }

    /** Only the default location falls back to the demo weights (WeightsFallbackTest); a location the operator set must work. */
    @Test
    void stopsWithAnErrorNamingAConfiguredWeightsUrlThatCannotBeReached() throws Exception {
        String url = "http://127.0.0.1:1/model.safetensors";
        Process app = start(Map.of("FEATURELENS_MODEL_WEIGHTS", url,
                "FEATURELENS_MODEL_CACHE_DIR", dir.resolve("cache").toString(), "QUARKUS_HTTP_PORT", Integer.toString(freePort())));
        assertTrue(app.waitFor(120, TimeUnit.SECONDS), "the process stops by itself");
        assertFalse(app.exitValue() == 0, "with a failure exit code");
        assertTrue(log().contains("Cannot load VGG16 from featurelens.model.weights=" + url), log());
        assertFalse(log().contains("USING UNTRAINED DEMO WEIGHTS"), log());
    }

    @Test
    void stopsWithAnErrorNamingTheTensorWhenTheWeightsAreWrong() throws Exception {
        Path weights = dir.resolve("broken.safetensors");
        String header = "{\"features.0.weight\":{\"dtype\":\"F32\",\"shape\":[64,3,5,5],\"data_offsets\":[0,19200]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[8 + json.length + 19200];
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json);
        Files.write(weights, file);

        Process app = start(Map.of("FEATURELENS_MODEL_WEIGHTS", weights.toString(),
                "QUARKUS_HTTP_PORT", Integer.toString(freePort())));
        assertTrue(app.waitFor(120, TimeUnit.SECONDS), "the process stops by itself");
        assertFalse(app.exitValue() == 0, "with a failure exit code");
        assertTrue(log().contains("tensor features.0.weight has shape [64, 3, 5, 5], expected [64, 3, 3, 3]"), log());
    }

    /** The app on the demo weights and {@code port}, once its readiness check answers 200. */
    private Process startReadyOnDemoWeights(HttpClient http, int port) throws IOException, InterruptedException {
        Process app = start(Map.of("FEATURELENS_MODEL_WEIGHTS", "demo",
                "FEATURELENS_MODEL_CACHE_DIR", dir.resolve("cache").toString(), "QUARKUS_HTTP_PORT", Integer.toString(port)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline && app.isAlive()) {
            Thread.sleep(200);
            status = status(http, port, "/q/health/ready");
        }
        if (status != 200) {
            app.destroyForcibly();
        }
        assertEquals(200, status, "ready; log:\n" + log());
        return app;
    }

    private Process start(Map<String, String> env) throws IOException {
        assertTrue(Files.isRegularFile(JAR), "mvn package has built " + JAR);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"), "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("app.log"));
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of GET path, or 0 while nothing listens on the port yet. */
    private static int status(HttpClient http, int port, String path) throws InterruptedException {
        try {
            return get(http, port, path).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
