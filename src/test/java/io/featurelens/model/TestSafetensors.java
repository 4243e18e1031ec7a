package io.featurelens.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes safetensors files for tests, straight from the format's description (not with the code under test). */
final class TestSafetensors {

    record Tensor(String dtype, long[] shape, byte[] data) {
    }

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    /** The demo weights' features tensors, in layer order. */
    static TestSafetensors demoFeatures() {
        TestSafetensors file = new TestSafetensors();
        Map<String, long[]> shapes = Vgg16.expectedTensors();
        DemoWeights.generate().tensors().forEach((name, values) -> file.put(name, "F32", shapes.get(name), floats(values)));
        return file;
    }

    TestSafetensors put(String name, String dtype, long[] shape, byte[] data) {
        tensors.put(name, new Tensor(dtype, shape, data));
        return this;
    }

    /** Puts a tensor first in the file's data section. */
    TestSafetensors putFirst(String name, byte[] data) {
        Map<String, Tensor> rest = new LinkedHashMap<>(tensors);
        tensors.clear();
        put(name, "F32", new long[] {data.length / 4}, data);
        tensors.putAll(rest);
        return this;
    }

    /** Moves every tensor after {@code name} behind a filler tensor, so the features are not one contiguous span. */
    TestSafetensors putAfter(String name, String filler, byte[] data) {
        Map<String, Tensor> copy = new LinkedHashMap<>(tensors);
        tensors.clear();
        copy.forEach((k, v) -> {
            tensors.put(k, v);
            if (k.equals(name)) {
                put(filler, "F32", new long[] {data.length / 4}, data);
            }
        });
        return this;
    }

    TestSafetensors replace(String name, String dtype, long[] shape, byte[] data) {
        tensors.replace(name, new Tensor(dtype, shape, data));
        return this;
    }

    TestSafetensors remove(String name) {
        tensors.remove(name);
        return this;
    }

    Path write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode node = header.putObject(e.getKey());
            node.put("dtype", e.getValue().dtype());
            Arrays.stream(e.getValue().shape()).forEach(node.putArray("shape")::add);
            node.putArray("data_offsets").add(offset).add(offset + e.getValue().data().length);
            offset += e.getValue().data().length;
        }
        byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            out.write(headerBytes);
            for (Tensor t : tensors.values()) {
                out.write(t.data());
            }
        }
        return file;
    }

    static byte[] floats(FloatBuffer values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.limit() * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values.duplicate().rewind());
        return bytes.array();
    }

    static void assertSameAsDemo(LoadedWeights weights) {
        Map<String, FloatBuffer> demo = DemoWeights.generate().tensors();
        org.junit.jupiter.api.Assertions.assertEquals(demo.keySet(), weights.tensors().keySet());
        demo.forEach((name, expected) -> org.junit.jupiter.api.Assertions.assertEquals(
                expected.duplicate().rewind(), weights.tensors().get(name).duplicate().rewind(), name));
    }
}
