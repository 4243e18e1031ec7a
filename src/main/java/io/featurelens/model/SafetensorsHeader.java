package io.featurelens.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A safetensors file's header: an 8-byte little-endian length, then JSON naming each tensor's dtype,
 * shape and byte range within the data section that follows.
 */
public record SafetensorsHeader(long headerLength, Map<String, Entry> entries) {

    /** Bigger headers are not weights files; the limit keeps a hostile file from asking for gigabytes. */
    public static final long MAX_HEADER_LENGTH = 100L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Entry(String dtype, long[] shape, long begin, long end) {
        public long byteLength() {
            return end - begin;
        }
    }

    /** Where the data section starts, counted from the beginning of the file. */
    public long dataOffset() {
        return 8 + headerLength;
    }

    public static long readLength(ByteBuffer first8) {
        long length = first8.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (length <= 1 || length > MAX_HEADER_LENGTH) {
            throw new InvalidWeightsException("not a safetensors file: header length " + length);
        }
        return length;
    }

    public static SafetensorsHeader parse(long headerLength, byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new InvalidWeightsException("not a safetensors file: its header is not JSON");
        }
        if (!(root instanceof ObjectNode)) {
            throw new InvalidWeightsException("not a safetensors file: its header is not a JSON object");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                continue;
            }
            entries.put(field.getKey(), entry(field.getKey(), field.getValue()));
        }
        return new SafetensorsHeader(headerLength, entries);
    }

    private static Entry entry(String name, JsonNode node) {
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray()
                || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw new InvalidWeightsException("tensor " + name + ": malformed header entry");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asLong(-1);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin) {
            throw new InvalidWeightsException("tensor " + name + ": bad data offsets");
        }
        return new Entry(dtype.asText(), dims, begin, end);
    }

    /**
     * Checks that every tensor VGG16's features need is present as float32 with the right shape, and
     * returns those entries only.
     */
    public Map<String, Entry> featureEntries() {
        Map<String, Entry> selected = new LinkedHashMap<>();
        Vgg16.expectedTensors().forEach((name, shape) -> selected.put(name, checked(name, shape)));
        return selected;
    }

    /**
     * The classifier's entries, checked like the features', under the file's own names in the order of
     * {@link ClassifierLayout#CANONICAL}; empty if the file has no classifier tensor at all. A partial or
     * misshapen classifier is an error.
     */
    public Map<String, Entry> classifierEntries() {
        Map<String, Entry> selected = new LinkedHashMap<>();
        ClassifierLayout.of(entries.keySet()).ifPresent(layout ->
                layout.tensors().forEach((name, shape) -> selected.put(name, checked(name, shape))));
        return selected;
    }

    private Entry checked(String name, long[] shape) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new InvalidWeightsException("tensor " + name + " is missing");
        }
        if (!entry.dtype().equals("F32")) {
            throw new InvalidWeightsException("tensor " + name + " has dtype " + entry.dtype() + ", expected F32");
        }
        if (!Arrays.equals(entry.shape(), shape)) {
            throw new InvalidWeightsException("tensor " + name + " has shape " + Arrays.toString(entry.shape())
                    + ", expected " + Arrays.toString(shape));
        }
        long elements = Arrays.stream(entry.shape()).reduce(1, Math::multiplyExact);
        if (entry.byteLength() != elements * Float.BYTES) {
            throw new InvalidWeightsException("tensor " + name + " holds " + entry.byteLength()
                    + " bytes, expected " + elements * Float.BYTES);
        }
        return entry;
    }

    /** A header for a file holding just {@code entries}, packed in order from offset 0. */
    public static byte[] encode(Map<String, Entry> entries) {
        ObjectNode root = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            ObjectNode node = root.putObject(e.getKey());
            node.put("dtype", e.getValue().dtype());
            Arrays.stream(e.getValue().shape()).forEach(node.putArray("shape")::add);
            node.putArray("data_offsets").add(offset).add(offset + e.getValue().byteLength());
            offset += e.getValue().byteLength();
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        while (out.hasRemaining()) {
            out.put((byte) ' ');
        }
        return out.array();
    }
}
