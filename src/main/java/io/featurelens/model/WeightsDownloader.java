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
import java.util.Optional;
import java.util.stream.Stream;
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
     * The cache file for the version of the weights called {@code name} that {@code uri} serves now,
     * downloaded first if it is not there yet. Cached files are keyed by the name and the version the server
     * names (ETag or Last-Modified, and size), so a changed file is fetched again. When the server cannot be
     * asked, the newest cached copy of the same name is used. Logs and errors say {@code name}, never
     * {@code uri}, which may carry a signature.
     */
    public Path fetch(URI uri, String name) {
        try {
            HttpResponse<InputStream> first;
            try {
                first = get(uri, "bytes=0-7", null);
                if (first.statusCode() != 206 && first.statusCode() != 200) {
                    first.body().close();
                    throw new Refused("HTTP " + first.statusCode() + " from " + name);
                }
            } catch (IOException e) {
                Optional<Path> cached = newestCached(name);
                if (cached.isPresent()) {
                    LOG.warnf("Could not ask %s for its current version (%s): using the cached copy %s", name, e.getMessage(), cached.get());
                    return cached.get();
                }
                throw e;
            }
            Version version = Version.of(first, name);
            Path target = cacheDir.resolve(namePrefix(name) + sha256(version.key()).substring(0, 16) + ".safetensors");
            if (Files.isRegularFile(target)) {
                try (InputStream body = first.body()) {
                    if (first.statusCode() == 206) {
                        body.readAllBytes();
                    }
                }
                LOG.infof("Weights for %s (%s) found in cache %s", name, version, target);
                return target;
            }
            Files.createDirectories(cacheDir);
            Path partial = Files.createTempFile(cacheDir, target.getFileName().toString(), ".part");
            try {
                download(uri, name, first, version, partial);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            removeOtherVersions(name, target);
            return target;
        } catch (IOException e) {
            throw new WeightsUnavailableException("could not download weights from " + name + ": " + e.getMessage(), e,
                    !(e instanceof Refused));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeightsUnavailableException("interrupted while downloading weights from " + name, e, true);
        }
    }

    /** Cache files of one part (features, classifier) of the weights called {@code name} start with this. */
    private String namePrefix(String name) {
        return sha256(part.equals("features") ? name : name + "#" + part) + "-";
    }

    private Optional<Path> newestCached(String name) throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(namePrefix(name))
                            && f.getFileName().toString().endsWith(".safetensors"))
                    .max(Comparator.comparing(f -> f.toFile().lastModified()));
        }
    }

    private void removeOtherVersions(String name, Path kept) throws IOException {
        try (Stream<Path> files = Files.list(cacheDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(namePrefix(name))
                    && f.getFileName().toString().endsWith(".safetensors") && !f.equals(kept)).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** Bytes received from the server by this downloader so far. */
    public long bytesFetched() {
        return bytesFetched;
    }

    private void download(URI uri, String name, HttpResponse<InputStream> first, Version version, Path out)
            throws IOException, InterruptedException {
        LOG.infof("Downloading VGG16 %s weights from %s (%s)", part, name, version);
        if (first.statusCode() == 206) {
            byte[] lengthBytes;
            try (InputStream body = first.body()) {
                lengthBytes = readExactly(body, 8);
            }
            long headerLength = SafetensorsHeader.readLength(ByteBuffer.wrap(lengthBytes));
            byte[] json = ranged(uri, name, version, 8, headerLength);
            SafetensorsHeader header = SafetensorsHeader.parse(headerLength, json);
            Map<String, SafetensorsHeader.Entry> entries = inDataOrder(selection.apply(header));
            try (OutputStream file = Files.newOutputStream(out)) {
                file.write(SafetensorsHeader.encode(entries));
                Progress progress = new Progress(totalBytes(entries));
                for (List<SafetensorsHeader.Entry> span : spans(entries)) {
                    long begin = span.get(0).begin();
                    long end = span.get(span.size() - 1).end();
                    HttpResponse<InputStream> response = rangeOfVersion(uri, name, version,
                            header.dataOffset() + begin, header.dataOffset() + end - 1);
                    try (InputStream body = response.body()) {
                        copyEntries(body, begin, span, file, progress);
                    }
                }
            }
        } else {
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

    private byte[] ranged(URI uri, String name, Version version, long offset, long length)
            throws IOException, InterruptedException {
        try (InputStream body = rangeOfVersion(uri, name, version, offset, offset + length - 1).body()) {
            return readExactly(body, Math.toIntExact(length));
        }
    }

    /**
     * Bytes {@code first}–{@code last} of {@code version}: asked for with If-Range, so a server whose file
     * has changed since answers with the whole new file instead, and checked by Content-Range and validator,
     * so that pieces of two versions are never put together.
     */
    private HttpResponse<InputStream> rangeOfVersion(URI uri, String name, Version version, long first, long last)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = get(uri, "bytes=" + first + "-" + last, version.validator());
        String expected = "bytes " + first + "-" + last + "/" + version.size();
        String contentRange = response.headers().firstValue("Content-Range").orElse("");
        if (response.statusCode() != 206 || !version.sameAs(response) || !contentRange.equals(expected)) {
            response.body().close();
            if (response.statusCode() == 206 || response.statusCode() == 200) {
                throw new Refused(name + " changed while it was being downloaded (HTTP " + response.statusCode()
                        + ", Content-Range '" + contentRange + "' where '" + expected + "' was asked for, version "
                        + Version.validator(response) + " where " + version + " was started); try again");
            }
            throw new Refused("HTTP " + response.statusCode() + " from " + name);
        }
        return response;
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

    private HttpResponse<InputStream> get(URI uri, String range, String ifRange) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Range", range).GET();
        if (ifRange != null) {
            request.header("If-Range", ifRange);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The server answered, and the answer means the file cannot be had as it is (not found, refused, changed). */
    private static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Which version of the file a server sent: its validator (a strong ETag, else Last-Modified; null when
     * the server gives neither) and the file's size.
     */
    private record Version(String validator, long size) {

        static String validator(HttpResponse<?> response) {
            String etag = response.headers().firstValue("ETag").filter(e -> !e.startsWith("W/")).orElse(null);
            return etag != null ? etag : response.headers().firstValue("Last-Modified").orElse(null);
        }

        static Version of(HttpResponse<?> response, String name) throws IOException {
            String validator = validator(response);
            long size;
            if (response.statusCode() == 206) {
                String range = response.headers().firstValue("Content-Range").orElse("");
                int slash = range.lastIndexOf('/');
                if (!range.startsWith("bytes 0-7/") || slash < 0) {
                    throw new Refused("unexpected Content-Range '" + range + "' from " + name);
                }
                try {
                    size = Long.parseLong(range.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new Refused("no file size in Content-Range '" + range + "' from " + name);
                }
            } else {
                size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            }
            return new Version(validator, size);
        }

        boolean sameAs(HttpResponse<?> response) {
            return validator == null || validator.equals(validator(response));
        }

        String key() {
            return validator + "/" + size;
        }

        @Override
        public String toString() {
            return "version " + (validator != null ? validator : "unnamed") + ", " + size + " bytes";
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
