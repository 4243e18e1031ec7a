package io.featurelens.model;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fetches the {@code features.*} tensors (or, with {@link #classifier}, the classifier's) of a remote safetensors file into a local cache file that
 * holds only them. With HTTP range requests it reads the header, then just the byte spans of those
 * tensors (about 59 MB of VGG16's 553 MB); a server that ignores ranges gets one full streamed read
 * in which the other tensors are skipped rather than stored.
 */
public final class WeightsDownloader {

    private static final Logger LOG = Logger.getLogger(WeightsDownloader.class);
    /** Spans closer than this are fetched in one request: a small gap costs less than a round trip. */
    private static final long MERGE_GAP = 1 << 20;

    private final Path cacheDir;
    private final HttpClient http;
    private final Duration timeout;
    private final Function<SafetensorsHeader, Map<String, SafetensorsHeader.Entry>> selection;
    private final String part;
    private long bytesFetched;

    public WeightsDownloader(Path cacheDir, Duration timeout) {
        this(cacheDir, timeout, SafetensorsHeader::featureEntries, "features");
    }

    /** A downloader of the classifier's tensors (none, for a features-only file), cached apart from the features. */
    public static WeightsDownloader classifier(Path cacheDir, Duration timeout) {
        return new WeightsDownloader(cacheDir, timeout, SafetensorsHeader::classifierEntries, "classifier");
    }

    private WeightsDownloader(Path cacheDir, Duration timeout,
                              Function<SafetensorsHeader, Map<String, SafetensorsHeader.Entry>> selection, String part) {
        this.cacheDir = cacheDir;
        this.timeout = timeout;
        this.selection = selection;
        this.part = part;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The cache file for {@code uri}, downloaded first if it is not there yet. */
    public Path fetch(URI uri) {
        return fetch(uri, uri.toString());
    }

    /**
     * The cache file for the weights called {@code name}, downloaded from {@code uri} first if it is not
     * there yet. Logs and errors say {@code name}, never {@code uri}, which may carry a signature.
     */
    public Path fetch(URI uri, String name) {
        Path target = cacheFile(name);
        if (Files.isRegularFile(target)) {
            LOG.infof("Weights for %s found in cache %s", name, target);
            return target;
        }
        try {
            Files.createDirectories(cacheDir);
            Path partial = Files.createTempFile(cacheDir, target.getFileName().toString(), ".part");
            try {
                download(uri, name, partial);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        } catch (IOException e) {
            throw new WeightsUnavailableException("could not download weights from " + name + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeightsUnavailableException("interrupted while downloading weights from " + name, e);
        }
    }

    public Path cacheFile(URI uri) {
        return cacheFile(uri.toString());
    }

    private Path cacheFile(String name) {
        return cacheDir.resolve(sha256(name) + (part.equals("features") ? "" : "-" + part) + ".safetensors");
    }

    /** Bytes received from the server by this downloader so far. */
    public long bytesFetched() {
        return bytesFetched;
    }

    private void download(URI uri, String name, Path out) throws IOException, InterruptedException {
        LOG.infof("Downloading VGG16 %s weights from %s", part, name);
        HttpResponse<InputStream> first = get(uri, "bytes=0-7");
        if (first.statusCode() == 206) {
            byte[] lengthBytes;
            try (InputStream body = first.body()) {
                lengthBytes = readExactly(body, 8);
            }
            long headerLength = SafetensorsHeader.readLength(ByteBuffer.wrap(lengthBytes));
            byte[] json = ranged(uri, name, 8, headerLength);
            SafetensorsHeader header = SafetensorsHeader.parse(headerLength, json);
            Map<String, SafetensorsHeader.Entry> entries = inDataOrder(selection.apply(header));
            try (OutputStream file = Files.newOutputStream(out)) {
                file.write(SafetensorsHeader.encode(entries));
                Progress progress = new Progress(totalBytes(entries));
                for (List<SafetensorsHeader.Entry> span : spans(entries)) {
                    long begin = span.get(0).begin();
                    long end = span.get(span.size() - 1).end();
                    HttpResponse<InputStream> response = get(uri,
                            "bytes=" + (header.dataOffset() + begin) + "-" + (header.dataOffset() + end - 1));
                    expectStatus(response, 206, name);
                    try (InputStream body = response.body()) {
                        copyEntries(body, begin, span, file, progress);
                    }
                }
            }
        } else {
            expectStatus(first, 200, name);
            LOG.info("The server ignores range requests: reading the whole file once");
            try (InputStream body = first.body(); OutputStream file = Files.newOutputStream(out)) {
                long headerLength = SafetensorsHeader.readLength(ByteBuffer.wrap(readExactly(body, 8)));
                SafetensorsHeader header = SafetensorsHeader.parse(headerLength,
                        readExactly(body, Math.toIntExact(headerLength)));
                Map<String, SafetensorsHeader.Entry> entries = inDataOrder(selection.apply(header));
                file.write(SafetensorsHeader.encode(entries));
                copyEntries(body, 0, List.copyOf(entries.values()), file, new Progress(totalBytes(entries)));
            }
        }
        LOG.infof("Downloaded %.1f MB of weights from %s", bytesFetched / 1e6, name);
    }

    private byte[] ranged(URI uri, String name, long offset, long length) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = get(uri, "bytes=" + offset + "-" + (offset + length - 1));
        expectStatus(response, 206, name);
        try (InputStream body = response.body()) {
            return readExactly(body, Math.toIntExact(length));
        }
    }

    /** Copies each entry's bytes from {@code in}, which is positioned at data offset {@code position}. */
    private void copyEntries(InputStream in, long position, List<SafetensorsHeader.Entry> entries,
                             OutputStream out, Progress progress) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (SafetensorsHeader.Entry entry : entries) {
            skipExactly(in, entry.begin() - position);
            long remaining = entry.byteLength();
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new IOException("the server closed the connection early");
                }
                bytesFetched += n;
                out.write(buffer, 0, n);
                remaining -= n;
                progress.advance(n);
            }
            position = entry.end();
        }
    }

    private void skipExactly(InputStream in, long count) throws IOException {
        in.skipNBytes(count);
        bytesFetched += Math.max(0, count);
    }

    private byte[] readExactly(InputStream in, int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        bytesFetched += bytes.length;
        if (bytes.length != count) {
            throw new IOException("the server sent " + bytes.length + " bytes where " + count + " were expected");
        }
        return bytes;
    }

    private HttpResponse<InputStream> get(URI uri, String range) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Range", range).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static void expectStatus(HttpResponse<InputStream> response, int expected, String name) throws IOException {
        if (response.statusCode() != expected) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode() + " from " + name);
        }
    }

    private static Map<String, SafetensorsHeader.Entry> inDataOrder(Map<String, SafetensorsHeader.Entry> entries) {
        Map<String, SafetensorsHeader.Entry> sorted = new LinkedHashMap<>();
        entries.entrySet().stream()
                .sorted(Comparator.comparingLong(e -> e.getValue().begin()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static List<List<SafetensorsHeader.Entry>> spans(Map<String, SafetensorsHeader.Entry> entries) {
        List<List<SafetensorsHeader.Entry>> spans = new ArrayList<>();
        List<SafetensorsHeader.Entry> current = new ArrayList<>();
        for (SafetensorsHeader.Entry entry : entries.values()) {
            if (!current.isEmpty() && entry.begin() - current.get(current.size() - 1).end() > MERGE_GAP) {
                spans.add(current);
                current = new ArrayList<>();
            }
            current.add(entry);
        }
        if (!current.isEmpty()) {
            spans.add(current);
        }
        return spans;
    }

    private static long totalBytes(Map<String, SafetensorsHeader.Entry> entries) {
        return entries.values().stream().mapToLong(SafetensorsHeader.Entry::byteLength).sum();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Logs every tenth of the way. */
    private static final class Progress {
        private final long total;
        private long done;
        private int lastTenth;

        Progress(long total) {
            this.total = total;
        }

        void advance(long n) {
            done += n;
            int tenth = (int) (done * 10 / Math.max(1, total));
            if (tenth > lastTenth) {
                lastTenth = tenth;
                LOG.infof("Weights download: %.1f of %.1f MB (%d%%)", done / 1e6, total / 1e6, tenth * 10);
            }
        }
    }
}
