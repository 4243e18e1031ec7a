package io.featurelens.model;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.featurelens.model.TestSafetensors.assertSameAsDemo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pieces of one download come from one version of the file, and the cache is keyed by that version.
 * Vert.x's static file server names a version by Last-Modified (it sends no ETag) and ignores If-Range, so
 * a change between two range requests must be caught by the downloader's own check of each answer.
 * Version B has the same layout and size as version A, only features.0.bias differs.
 */
class WeightsVersionTest {

    private static final String CHANGED = "features.0.bias";

    @TempDir
    Path dir;

    private Vertx vertx;
    private Path file;
    private Path prepared;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> ifRange = new CopyOnWriteArrayList<>();
    /** Before the request with this number (1-based), the file is replaced by version B. */
    private volatile int changeBefore = Integer.MAX_VALUE;

    @BeforeEach
    void serve() throws IOException {
        vertx = Vertx.vertx();
        file = TestSafetensors.demoFeatures().write(Files.createDirectories(dir.resolve("served")).resolve("model.safetensors"));
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyRangeRequestAfterTheFirstAsksForTheSameVersion() throws Exception {
        URI uri = start();
        assertSameAsDemo(SafetensorsWeights.read(downloader().fetch(uri), "cache"));
        assertEquals(3, requests.get(), "length, header, features");
        assertEquals(2, ifRange.size(), ifRange.toString());
        assertTrue(ifRange.stream().allMatch(v -> v.equals(ifRange.get(0)) && !v.isEmpty()), ifRange.toString());
    }

    @Test
    void aFileThatChangesBetweenRangeRequestsIsNotPutTogether() throws Exception {
        prepareVersionB();
        URI uri = start();
        changeBefore = 3;
        WeightsUnavailableException e = assertThrows(WeightsUnavailableException.class, () -> downloader().fetch(uri));
        assertTrue(e.getMessage().contains("changed while it was being downloaded"), e.getMessage());
        assertFalse(e.unreachable(), "the server answered: no fallback to demo weights");
        try (var files = Files.list(dir.resolve("cache"))) {
            assertEquals(0, files.count(), "nothing cached, no partial file left");
        }

        Path fresh = downloader().fetch(uri);
        assertEquals(versionB(), SafetensorsWeights.read(fresh, "cache").tensors().get(CHANGED).rewind(),
                "a second try gets version B whole");
    }

    @Test
    void aChangedFileIsDownloadedAgainNotTakenFromTheCache() throws Exception {
        URI uri = start();
        Path first = downloader().fetch(uri);
        assertSameAsDemo(SafetensorsWeights.read(first, "cache"));

        prepareVersionB();
        swapInVersionB();
        Path second = downloader().fetch(uri);
        assertNotEquals(first, second);
        assertEquals(versionB(), SafetensorsWeights.read(second, "cache").tensors().get(CHANGED).rewind());
        try (var files = Files.list(dir.resolve("cache"))) {
            assertEquals(List.of(second), files.toList(), "the old version is gone from the cache");
        }
        int before = requests.get();
        assertEquals(second, downloader().fetch(uri), "an unchanged file is read from the cache");
        assertEquals(before + 1, requests.get(), "after one request that names the version");
    }

    @Test
    void theCachedCopyIsUsedWhenTheServerCannotBeAsked() throws Exception {
        URI uri = start();
        Path cached = downloader().fetch(uri);
        stop();
        vertx = Vertx.vertx();
        assertEquals(cached, downloader().fetch(uri));
    }

    private WeightsDownloader downloader() {
        return new WeightsDownloader(dir.resolve("cache"), Duration.ofSeconds(30));
    }

    private static FloatBuffer versionB() {
        float[] values = new float[64];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / 64f;
        }
        return FloatBuffer.wrap(values);
    }

    private void prepareVersionB() throws IOException {
        FloatBuffer b = versionB();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * b.limit()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(b);
        prepared = TestSafetensors.demoFeatures().replace(CHANGED, "F32", new long[] {64}, bytes.array())
                .write(dir.resolve("version-b.safetensors"));
        assertEquals(Files.size(file), Files.size(prepared), "the same size: only the validator can tell them apart");
    }

    private void swapInVersionB() throws IOException {
        Files.move(prepared, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
    }

    private URI start() throws Exception {
        Router router = Router.router(vertx);
        router.route().blockingHandler(ctx -> {
            int n = requests.incrementAndGet();
            String validator = ctx.request().getHeader("If-Range");
            if (validator != null) {
                ifRange.add(validator);
            }
            if (n == changeBefore) {
                try {
                    swapInVersionB();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            ctx.next();
        });
        router.route().handler(StaticHandler.create(FileSystemAccess.ROOT, dir.resolve("served").toString())
                .setCachingEnabled(true).setFilesReadOnly(false).setEnableRangeSupport(true));
        int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        return URI.create("http://127.0.0.1:" + port + "/model.safetensors");
    }

}
