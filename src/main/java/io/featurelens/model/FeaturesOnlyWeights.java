package io.featurelens.model;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the {@code features.*} tensors of a VGG16 safetensors file (torchvision names, e.g. timm's
 * {@code vgg16.tv_in1k}, 553 MB) to a file of their own (59 MB), the one baked into the container images:
 *
 * <pre>java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' io.featurelens.model.FeaturesOnlyWeights \
 *     model.safetensors target/weights/vgg16-features.safetensors</pre>
 *
 * The source may also be an http(s) URL, read like {@code featurelens.model.weights} reads one (only the
 * features' byte ranges), but with no fallback to the demo weights.
 */
public final class FeaturesOnlyWeights {

    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);

    private FeaturesOnlyWeights() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: FeaturesOnlyWeights <safetensors file or http(s) URL> <output file>");
            System.exit(2);
        }
        Path target = Path.of(args[1]);
        extract(args[0], target);
        System.out.printf("%s: the 26 features tensors of %s, %d bytes%n", target, args[0], Files.size(target));
    }

    /** Reads the features tensors of {@code source}, checking every name, dtype and shape, and writes them to {@code target}. */
    public static void extract(String source, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (source.startsWith("http://") || source.startsWith("https://")) {
            Path cache = Files.createTempDirectory(dir, ".weights-download");
            try {
                Path fetched = new WeightsDownloader(cache, DOWNLOAD_TIMEOUT).fetch(URI.create(source));
                write(SafetensorsWeights.read(fetched, source), target);
            } finally {
                try (Stream<Path> files = Files.walk(cache)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        } else {
            write(SafetensorsWeights.read(Path.of(source), source), target);
        }
    }

    /** A safetensors file of exactly {@code weights}' tensors, in layer order; written whole or not at all. */
    public static void write(LoadedWeights weights, Path target) throws IOException {
        Map<String, SafetensorsHeader.Entry> entries = new LinkedHashMap<>();
        Vgg16.expectedTensors().forEach((name, shape) -> entries.put(name,
                new SafetensorsHeader.Entry("F32", shape, 0, (long) Float.BYTES * tensor(weights, name).remaining())));
        Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".part");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                out.write(SafetensorsHeader.encode(entries));
                for (String name : entries.keySet()) {
                    FloatBuffer values = tensor(weights, name);
                    ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * values.remaining()).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(values);
                    out.write(bytes.array());
                }
            }
            // Readable by all, as the images' unprivileged users read it (temporary files start private).
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static FloatBuffer tensor(LoadedWeights weights, String name) {
        FloatBuffer values = weights.tensors().get(name);
        if (values == null) {
            throw new InvalidWeightsException("tensor " + name + " is missing");
        }
        return values.duplicate().rewind();
    }
}
