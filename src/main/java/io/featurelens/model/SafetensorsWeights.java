package io.featurelens.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads VGG16 features weights out of a safetensors file, touching only the {@code features.*} tensors. */
public final class SafetensorsWeights {

    private SafetensorsWeights() {
    }

    /** Memory-maps {@code file}: the bytes of tensors other than {@code features.*} are never read. */
    public static LoadedWeights read(Path file, String source) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new InvalidWeightsException(file + " is larger than 2 GB: not VGG16 weights");
            }
            return read(channel.map(FileChannel.MapMode.READ_ONLY, 0, size), source);
        }
    }

    public static LoadedWeights read(ByteBuffer file, String source) {
        if (file.capacity() < 8) {
            throw new InvalidWeightsException("not a safetensors file: only " + file.capacity() + " bytes");
        }
        long headerLength = SafetensorsHeader.readLength(file.slice(0, 8));
        if (8 + headerLength > file.capacity()) {
            throw new InvalidWeightsException("not a safetensors file: the header runs past the end of the file");
        }
        byte[] json = new byte[(int) headerLength];
        file.get(8, json);
        SafetensorsHeader header = SafetensorsHeader.parse(headerLength, json);

        Map<String, FloatBuffer> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, SafetensorsHeader.Entry> e : header.featureEntries().entrySet()) {
            SafetensorsHeader.Entry entry = e.getValue();
            long start = header.dataOffset() + entry.begin();
            if (start + entry.byteLength() > file.capacity()) {
                throw new InvalidWeightsException("tensor " + e.getKey() + " runs past the end of the file (truncated?)");
            }
            tensors.put(e.getKey(), file.slice((int) start, (int) entry.byteLength())
                    .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
        }
        return new LoadedWeights(tensors, source, true);
    }
}
