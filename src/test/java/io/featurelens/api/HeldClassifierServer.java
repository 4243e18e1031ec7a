package io.featurelens.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.featurelens.model.ClassifierLayout;
import io.featurelens.model.FullWeightsFile;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A weights server whose classifier is slow: the JDK's HTTP server serves a whole VGG16 file (the demo
 * features and classifier under torchvision's names, the classifier's bytes last) with range requests,
 * ETag and If-Range, as the weights loader wants them; a range that starts in the classifier gets its
 * headers at once but its body only after {@code GET /release}, so the features load and the classifier
 * stays loading for as long as a test needs.
 */
public class HeldClassifierServer implements QuarkusTestResourceLifecycleManager {

    static final String RELEASE = "/release";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final CountDownLatch released = new CountDownLatch(1);
    private final String etag = "\"" + UUID.randomUUID() + "\"";
    private Path dir;
    private Path file;
    private long classifierStart;
    private HttpServer server;
    private ExecutorService threads;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("held-classifier");
            file = FullWeightsFile.withClassifier(dir.resolve("model.safetensors"), ClassifierLayout.TORCHVISION);
            long classifierBytes = ClassifierLayout.TORCHVISION.tensors().values().stream()
                    .mapToLong(shape -> 4L * Arrays.stream(shape).reduce(1, Math::multiplyExact)).sum();
            classifierStart = Files.size(file) - classifierBytes;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            threads = Executors.newCachedThreadPool();
            server.setExecutor(threads);
            server.createContext("/model.safetensors", this::serve);
            server.createContext(RELEASE, exchange -> {
                released.countDown();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("featurelens.model.weights", "http://127.0.0.1:" + server.getAddress().getPort() + "/model.safetensors",
                "featurelens.model.cache-dir", dir.resolve("cache").toString(),
                "featurelens.model.classifier", "true");
    }

    private void serve(HttpExchange exchange) throws IOException {
        long size = Files.size(file);
        long first = 0;
        long last = size - 1;
        int status = 200;
        String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        Matcher range = RANGE.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Range")));
        if (range.matches() && (ifRange == null || ifRange.equals(etag))) {
            first = Long.parseLong(range.group(1));
            last = Math.min(size - 1, Long.parseLong(range.group(2)));
            status = 206;
            exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + size);
        }
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.sendResponseHeaders(status, last - first + 1);
        try (InputStream in = Files.newInputStream(file); OutputStream body = exchange.getResponseBody()) {
            if (last >= classifierStart) {
                released.await(10, TimeUnit.MINUTES);
            }
            in.skipNBytes(first);
            long remaining = last - first + 1;
            byte[] buffer = new byte[1 << 16];
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                body.write(buffer, 0, n);
                remaining -= n;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        released.countDown();
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
