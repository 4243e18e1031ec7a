package io.featurelens.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads VGG16 weights out of a safetensors file: the {@code features.*} tensors, or the classifier's, each touching only its own bytes. */
public final class SafetensorsWeights {

    private SafetensorsWeights() {
    }

    /** Memory-maps {@code file}: the bytes of tensors other than {@code features.*} are never read. */
    public static LoadedWeights read(Path file, String source) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel.map(FileChannel.MapMode.READ_ONLY, 0, checkedSize(channel.size(), file)), source);
        }
    }

    public static LoadedWeights read(ByteBuffer file, String source) {
        return new LoadedWeights(tensors(file, header(file).featureEntries()), source, true);
    }

    /** The classifier's tensors of {@code file}, memory-mapped; empty if it has none (a features-only file). */
    public static Optional<ClassifierWeights> readClassifier(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readClassifier(channel.map(FileChannel.MapMode.READ_ONLY, 0, checkedSize(channel.size(), file)));
        }
    }

    public static Optional<ClassifierWeights> readClassifier(ByteBuffer file) {
        SafetensorsHeader header = header(file);
        Map<String, SafetensorsHeader.Entry> entries = header.classifierEntries();
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Map<String, FloatBuffer> byFileName = tensors(file, entries);
        Map<String, FloatBuffer> canonical = new LinkedHashMap<>();
        Iterator<FloatBuffer> values = byFileName.values().iterator();
        ClassifierLayout.CANONICAL.forEach(name -> canonical.put(name, values.next()));
        return Optional.of(new ClassifierWeights(canonical, ClassifierLayout.of(entries.keySet()).orElseThrow()));
    }

    private static SafetensorsHeader header(ByteBuffer file) {
        if (file.capacity() < 8) {
            throw new InvalidWeightsException("not a safetensors file: only " + file.capacity() + " bytes");
        }
        long headerLength = SafetensorsHeader.readLength(file.slice(0, 8));
        if (8 + headerLength > file.capacity()) {
            throw new InvalidWeightsException("not a safetensors file: the header runs past the end of the file");
        }
        byte[] json = new byte[(int) headerLength];
        file.get(8, json);
        return SafetensorsHeader.parse(headerLength, json);
    }

    private static Map<String, FloatBuffer> tensors(ByteBuffer file, Map<String, SafetensorsHeader.Entry> entries) {
        long dataOffset = 8 + SafetensorsHeader.readLength(file.slice(0, 8));
        Map<String, FloatBuffer> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, SafetensorsHeader.Entry> e : entries.entrySet()) {
            SafetensorsHeader.Entry entry = e.getValue();
            long start = dataOffset + entry.begin();
            if (start + entry.byteLength() > file.capacity()) {
                throw new InvalidWeightsException("tensor " + e.getKey() + " runs past the end of the file (truncated?)");
            }
            tensors.put(e.getKey(), file.slice((int) start, (int) entry.byteLength())
                    .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
        }
        return tensors;
    }

    private static long checkedSize(long size, Path file) {
        if (size > Integer.MAX_VALUE) {
            throw new InvalidWeightsException(file + " is larger than 2 GB: not VGG16 weights");
        }
        return size;
    }
}
