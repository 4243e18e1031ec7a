package io.featurelens.model;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.featurelens.model.TestSafetensors.assertSameAsDemo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The range-request loader against Vert.x's static file server on loopback, which honours (or, when told
 * to, ignores) HTTP Range headers. The server counts the bytes it sends.
 */
class WeightsDownloaderTest {

    /** A classifier as large as all the features together, and a gap inside the features' span. */
    private static final int CLASSIFIER_BYTES = 60 << 20;
    private static final int GAP_BYTES = 3 << 20;

    @TempDir
    Path dir;

    private Vertx vertx;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private long featureBytes;
    private long fileBytes;

    @BeforeEach
    void weightsFile() throws IOException {
        vertx = Vertx.vertx();
        Path served = Files.createDirectories(dir.resolve("served"));
        Path file = TestSafetensors.demoFeatures()
                .putAfter("features.14.bias", "head.fc.weight", new byte[GAP_BYTES])
                .putAfter("features.28.bias", "classifier.0.weight", new byte[CLASSIFIER_BYTES])
                .write(served.resolve("model.safetensors"));
        fileBytes = Files.size(file);
        featureBytes = DemoWeights.generate().tensors().values().stream().mapToLong(b -> 4L * b.limit()).sum();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void fetchesOnlyTheFeaturesWithRangeRequests() throws Exception {
        URI uri = serve(true);
        WeightsDownloader downloader = new WeightsDownloader(dir.resolve("cache"), Duration.ofSeconds(10));
        Path cached = downloader.fetch(uri);

        assertSameAsDemo(SafetensorsWeights.read(cached, "cache"));
        assertEquals(rangedBytes(), bytesSentSettled(rangedBytes()), "the header's length and JSON and the " + featureBytes
                + " bytes of features, not the " + GAP_BYTES + "-byte gap or the classifier (file: " + fileBytes + ")");
        assertEquals(bytesSent.get(), downloader.bytesFetched());
        assertEquals(4, requests.get(), "the header's length, its JSON, and the features in two spans around the 3 MB gap");
        assertTrue(Files.size(cached) < featureBytes + 16 * 1024, "the cache holds the features only");
    }

    @Test
    void readsTheCacheInsteadOfDownloadingAgain() throws Exception {
        URI uri = serve(true);
        Path cache = dir.resolve("cache");
        Path first = new WeightsDownloader(cache, Duration.ofSeconds(10)).fetch(uri);
        long sent = bytesSentSettled(rangedBytes());
        Path second = new WeightsDownloader(cache, Duration.ofSeconds(10)).fetch(uri);
        assertEquals(first, second);
        assertEquals(sent + 8, bytesSentSettled(sent + 8), "nothing more was sent than the 8 bytes that name the version");
        try (var files = Files.list(cache)) {
            assertEquals(1, files.count(), "no partial files are left behind");
        }
    }

    @Test
    void fallsBackToOneFullReadWhenTheServerIgnoresRanges() throws Exception {
        URI uri = serve(false);
        WeightsDownloader downloader = new WeightsDownloader(dir.resolve("cache"), Duration.ofSeconds(10));
        Path cached = downloader.fetch(uri);
        assertSameAsDemo(SafetensorsWeights.read(cached, "cache"));
        assertEquals(1, requests.get());
        assertTrue(Files.size(cached) < featureBytes + 16 * 1024);
    }

    @Test
    void aMissingFileOrAnUnreachableServerIsUnavailableNotInvalid() throws Exception {
        URI base = serve(true);
        WeightsDownloader downloader = new WeightsDownloader(dir.resolve("cache"), Duration.ofSeconds(5));
        assertThrows(WeightsUnavailableException.class, () -> downloader.fetch(base.resolve("nothing.safetensors")));
        assertThrows(WeightsUnavailableException.class, () -> downloader.fetch(URI.create("http://127.0.0.1:1/model.safetensors")));
        assertFalse(Files.exists(dir.resolve("cache")) && Files.list(dir.resolve("cache")).findAny().isPresent(),
                "nothing was cached");
    }

    @Test
    void aServedFileThatIsNotWeightsIsInvalid() throws Exception {
        Files.writeString(dir.resolve("served").resolve("page.html"), "<html>not weights, but long enough to have 8 bytes</html>");
        URI uri = serve(true).resolve("page.html");
        WeightsDownloader downloader = new WeightsDownloader(dir.resolve("cache"), Duration.ofSeconds(5));
        assertThrows(InvalidWeightsException.class, () -> downloader.fetch(uri));
        try (var files = Files.list(dir.resolve("cache"))) {
            assertEquals(0, files.count(), "nothing was cached, no partial file left");
        }
    }

    @Test
    void weightsSourceReadsUrlsAndNamesWhatIsMissing() throws Exception {
        WeightsSource source = new WeightsSource(dir.resolve("cache"), Duration.ofSeconds(5), java.util.List.of(),
                "http://127.0.0.1:1/default.safetensors", WeightsFallback.DEMO);
        assertThrows(IOException.class, () -> source.load(dir.resolve("no-such-file.safetensors").toString()));
        assertThrows(InvalidWeightsException.class, () -> source.load("classpath:no/such/weights.safetensors"));

        URI uri = serve(true);
        LoadedWeights downloaded = source.load(uri.toString());
        assertTrue(downloaded.pretrained());
        assertEquals(uri.toString(), downloaded.source());
        assertSameAsDemo(downloaded);
    }

    @Test
    void aNamedDownloadIsCachedByNameAndNeverShowsItsUrl() throws Exception {
        URI uri = serve(true);
        Path cache = dir.resolve("cache");
        URI signed = URI.create(uri + "?X-Amz-Signature=secret-1");
        assertSameAsDemo(SafetensorsWeights.read(new WeightsDownloader(cache, Duration.ofSeconds(10))
                .fetch(signed, "s3://weights/model.safetensors"), "cache"));
        long sent = bytesSentSettled(rangedBytes());
        new WeightsDownloader(cache, Duration.ofSeconds(10))
                .fetch(URI.create(uri + "?X-Amz-Signature=secret-2"), "s3://weights/model.safetensors");
        assertEquals(sent + 8, bytesSentSettled(sent + 8), "a new signature is the same weights: read from the cache after the 8-byte version check");

        WeightsUnavailableException e = assertThrows(WeightsUnavailableException.class,
                () -> new WeightsDownloader(cache, Duration.ofSeconds(5))
                        .fetch(URI.create(uri.resolve("nothing") + "?X-Amz-Signature=secret-3"), "s3://weights/nothing"));
        assertTrue(e.getMessage().contains("s3://weights/nothing") && e.getMessage().contains("404"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void theFeaturesOnlyToolReadsAUrlWithoutFallingBackToDemoWeights() throws Exception {
        URI uri = serve(true);
        Path features = dir.resolve("out").resolve("vgg16-features.safetensors");
        FeaturesOnlyWeights.extract(uri.toString(), features);
        assertSameAsDemo(SafetensorsWeights.read(features, "features"));
        assertEquals(rangedBytes(), bytesSentSettled(rangedBytes()), "only the header and the features' ranges were read, not the gap");
        try (var files = Files.list(features.getParent())) {
            assertEquals(1, files.count(), "the download's cache is gone");
        }
        assertThrows(WeightsUnavailableException.class,
                () -> FeaturesOnlyWeights.extract("http://127.0.0.1:1/model.safetensors", dir.resolve("never.safetensors")));
    }

    /** What a range-reading download must fetch: the 8-byte header length, the header's JSON, the features. */
    private long rangedBytes() throws IOException {
        try (var in = Files.newInputStream(dir.resolve("served").resolve("model.safetensors"))) {
            long headerLength = java.nio.ByteBuffer.wrap(in.readNBytes(8)).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            return 8 + headerLength + featureBytes;
        }
    }

    /**
     * The server's count once it reaches {@code expected} or 5 s have passed: it counts when a response's end
     * has been written, which can come just after the client has read the last byte.
     */
    private long bytesSentSettled(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (bytesSent.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return bytesSent.get();
    }

    /** Serves dir/served on a free loopback port; returns the URI of model.safetensors. */
    private URI serve(boolean ranges) throws Exception {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            requests.incrementAndGet();
            ctx.addBodyEndHandler(v -> bytesSent.addAndGet(ctx.response().bytesWritten()));
            ctx.next();
        });
        router.route().handler(StaticHandler.create(FileSystemAccess.ROOT, dir.resolve("served").toString())
                .setEnableRangeSupport(ranges).setCachingEnabled(false));
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/model.safetensors");
    }
}
