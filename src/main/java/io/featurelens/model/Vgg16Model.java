package io.featurelens.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * VGG16's {@code features} on DJL's PyTorch engine, run layer by layer so any layer's output can be
 * taken. The weights live in one long-lived manager; each forward pass creates its tensors in the
 * caller's manager, so closing that manager frees everything the request allocated. The weights are
 * only read, so concurrent passes need no lock.
 *
 * <p>The feature maps' passes run the first three blocks channels last (NHWC strides behind the usual NCHW
 * shape): libtorch's CPU convolutions then skip a reorder of every large input and output. DJL has no
 * memory-format call; a contiguous NHWC tensor viewed through {@code transpose(0, 3, 1, 2)} is exactly such a
 * tensor. On a CPU, from block 4 on they run in the reference's layout, where oneDNN picks its blocked kernels,
 * which made the pass to relu4_3 or relu5_3 faster than channels last all the way
 * ({@code io.featurelens.bench.ForwardLayouts}).
 */
public final class Vgg16Model implements AutoCloseable {

    private static final Shape ONE = new Shape(1, 1);
    private static final Shape TWO = new Shape(2, 2);
    private static final Shape ZERO = new Shape(0, 0);
    private static final int SIZE = 224;
    /** conv4_1: the first layer whose feature-map pass runs in the reference's layout. */
    static final int FIRST_BLOCKED = 17;

    /**
     * glibc's malloc serves blocks above 32 MiB (its largest mmap threshold) with a fresh mmap each time:
     * zero-filled pages, one page fault per 4 KiB, unmapped again on free. On a CPU, a pass over several
     * images is only as cheap per image as one over a single image while its largest activation stays below.
     */
    private static final long CPU_FRESH_MAPPING_BYTES = 32L << 20;

    private final NDManager manager;
    private final NDArray[] kernels = new NDArray[Vgg16.LAYERS.size()];
    /** The same kernels laid out as the reference has them, for {@link #apply}'s gradient passes. */
    private final NDArray[] contiguousKernels = new NDArray[Vgg16.LAYERS.size()];
    private final NDArray[] biases = new NDArray[Vgg16.LAYERS.size()];
    private final String weightsSource;
    private final boolean pretrained;
    private volatile String fingerprint;

    public Vgg16Model(LoadedWeights weights, Device device) {
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        this.weightsSource = weights.source();
        this.pretrained = weights.pretrained();
        for (Layer conv : Vgg16.convolutions()) {
            int i = conv.index();
            kernels[i] = channelsLast(weights.tensors().get(Vgg16.weightName(conv)).duplicate(),
                    conv.channels(), Vgg16.inputChannels(conv));
            contiguousKernels[i] = manager.create(weights.tensors().get(Vgg16.weightName(conv)).duplicate(),
                    new Shape(conv.channels(), Vgg16.inputChannels(conv), 3, 3));
            biases[i] = manager.create(weights.tensors().get(Vgg16.biasName(conv)).duplicate(),
                    new Shape(conv.channels()));
        }
    }

    public String weightsSource() {
        return weightsSource;
    }

    public boolean pretrained() {
        return pretrained;
    }

    /**
     * SHA-256 (hex) of the weights' values: every kernel in the reference's layout, then its bias, layer by
     * layer, as little-endian float32. The same weights give the same fingerprint whatever file, URL or bucket
     * they came from; any changed value gives another. Computed on first use (about 59 MB hashed, once).
     */
    public String weightsFingerprint() {
        String known = fingerprint;
        if (known == null) {
            synchronized (this) {
                if (fingerprint == null) {
                    MessageDigest sha256 = sha256();
                    for (Layer conv : Vgg16.convolutions()) {
                        sha256.update(contiguousKernels[conv.index()].toByteArray());
                        sha256.update(biases[conv.index()].toByteArray());
                    }
                    fingerprint = HexFormat.of().formatHex(sha256.digest());
                }
                known = fingerprint;
            }
        }
        return known;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** "cpu", or "gpu:N". */
    public String deviceName() {
        Device device = manager.getDevice();
        return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
    }

    /** Native tensors alive in this model's managers: the 39 weight tensors (13 kernels in two layouts, 13 biases) plus whatever requests still hold. */
    public int liveTensors() {
        return manager.getManagedArrays().size();
    }

    /**
     * How many images one forward pass should take: on a GPU any number; on a CPU as many as keep the
     * largest activation (conv1's 64 maps of 224×224) below glibc's fresh-mapping size.
     */
    public int imagesPerPass() {
        if (manager.getDevice().isGpu()) {
            return Integer.MAX_VALUE;
        }
        long largest = (long) Vgg16.layer(0).channels() * SIZE * SIZE * Float.BYTES;
        return (int) Math.max(1, CPU_FRESH_MAPPING_BYTES / largest);
    }

    /** {@code images} preprocessed images, 224×224×3 floats each (channels last), as the network's input. */
    public NDArray input(NDManager requestManager, float[] channelsLast, int images) {
        return requestManager.create(channelsLast, new Shape(images, SIZE, SIZE, 3)).transpose(0, 3, 1, 2);
    }

    /** A manager for one request's tensors, on the model's device. Close it when the request is done. */
    public NDManager newRequestManager() {
        return manager.newSubManager();
    }

    /**
     * Runs layers 0…{@code last} on {@code input} ([N, 3, 224, 224], in the caller's manager, best made by
     * {@link #input}) and returns the outputs of the layers in {@code wanted}. Other intermediate outputs are
     * freed on the way.
     *
     * <p>On a CPU, blocks 4 and 5 take each image alone: oneDNN's blocked kernels round differently for
     * different numbers of images, and an image's maps must not depend on what it was batched with.
     */
    public Map<Integer, NDArray> forward(NDArray input, int last, Set<Integer> wanted) {
        Map<Integer, NDArray> outputs = new HashMap<>();
        boolean blocked = !manager.getDevice().isGpu() && last >= FIRST_BLOCKED;
        NDArray x = run(input, 0, blocked ? FIRST_BLOCKED - 1 : last, kernels, wanted, outputs);
        if (!blocked) {
            return outputs;
        }
        long images = x.getShape().get(0);
        List<Map<Integer, NDArray>> perImage = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            try (NDArray one = images == 1 ? null : x.get(i + ":" + (i + 1));
                 NDArray contiguous = contiguousCopy(one == null ? x : one)) {
                perImage.add(new HashMap<>());
                run(contiguous, FIRST_BLOCKED, last, contiguousKernels, wanted, perImage.get(i));
            }
        }
        if (!wanted.contains(FIRST_BLOCKED - 1)) {
            x.close();
        }
        for (Integer layer : perImage.get(0).keySet()) {
            if (images == 1) {
                outputs.put(layer, perImage.get(0).get(layer));
            } else {
                NDList parts = new NDList();
                perImage.forEach(p -> parts.add(p.get(layer)));
                outputs.put(layer, NDArrays.concat(parts));
                parts.close();
            }
        }
        return outputs;
    }

    /**
     * Layers {@code first}…{@code last} on {@code x} (left to the caller), putting the outputs of {@code wanted}
     * layers into {@code outputs} and closing the others on the way; returns the last.
     */
    private NDArray run(NDArray x, int first, int last, NDArray[] kernels, Set<Integer> wanted, Map<Integer, NDArray> outputs) {
        for (int i = first; i <= last; i++) {
            NDArray y = layer(i, x, kernels);
            if (i > first && !wanted.contains(i - 1)) {
                x.close();
            }
            x = y;
            if (wanted.contains(i)) {
                outputs.put(i, x);
            }
        }
        return x;
    }

    /**
     * Layer {@code index} applied to {@code x}, in {@code x}'s manager, with the kernels in the reference's
     * layout: gradients through channels-last kernels come out rounded differently enough to move a min-max
     * scaled saliency picture by several levels.
     */
    public NDArray apply(int index, NDArray x) {
        return layer(index, x, contiguousKernels);
    }

    /**
     * Filter {@code filter}'s map at layer {@code last}, [N, 1, h, w], for {@code x} ([N, 3, H, W], any layout), in
     * {@code x}'s manager and autograd graph, for gradient passes that are compared with no reference's rounding.
     * The layers run in the feature maps' layouts (on a CPU channels last through block 3 and the reference's from
     * block 4; channels last on a GPU); the last convolution up to {@code last} computes that one filter only, as every
     * layer after it works channel by channel. A ReLU followed by a pooling runs after it instead: the maximum commutes
     * with the ReLU, values and gradients alike, and rectifying the pooled map touches a quarter of the values.
     *
     * <p>Each intermediate output's handle is closed as soon as the next layer has it: the autograd graph keeps
     * what the backward pass needs and lets each go as the pass gets past it, as Python's reference counting does.
     * Held to the end instead, a step's whole forward pass is alive beside all its gradients, and a feature
     * visualisation step at relu5_3 was measurably slower (BENCHMARKS.md).
     */
    public NDArray filterMap(NDArray x, int last, int filter) {
        int lastConvolution = Vgg16.convolutions().stream().mapToInt(Layer::index).filter(i -> i <= last).max().orElseThrow();
        int firstBlocked = manager.getDevice().isGpu() ? Integer.MAX_VALUE : FIRST_BLOCKED;
        NDArray y = channelsLastCopy(x);
        for (int i = 0; i <= last; i++) {
            NDArray input = i == firstBlocked ? contiguousCopy(y) : y;
            if (input != y) {
                y.close();
            }
            NDArray[] layout = i < firstBlocked ? kernels : contiguousKernels;
            if (i == lastConvolution) {
                String one = filter + ":" + (filter + 1);
                NDArray kernel = layout[i].get(one);
                NDArray bias = biases[i].get(one);
                kernel.attach(input.getManager());
                bias.attach(input.getManager());
                y = Conv2d.conv2d(input, kernel, bias, ONE, ONE).singletonOrThrow();
            } else if (i < last && Vgg16.layer(i).type() == LayerType.RELU && Vgg16.layer(i + 1).type() == LayerType.POOL) {
                try (NDArray pooled = layer(i + 1, input, layout)) {
                    y = layer(i, pooled, layout);
                }
                i++;
            } else {
                y = layer(i, input, layout);
            }
            input.close();
        }
        return y;
    }

    /**
     * Layer {@code index} applied to {@code x} with the channels-last kernels, as blocks 1-3 of the feature maps'
     * passes run it: for measuring one layout against another ({@code io.featurelens.bench.ForwardLayouts}). Best
     * given {@link #channelsLastCopy}'s output.
     */
    public NDArray applyChannelsLast(int index, NDArray x) {
        return layer(index, x, kernels);
    }

    /**
     * {@code x} ([N, C, H, W]) copied into channels-last memory, in its manager and its graph: flattening the
     * NHWC view of a tensor laid out otherwise cannot be a view, so it copies.
     */
    public NDArray channelsLastCopy(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 3, 1).reshape(s.get(0), s.get(2) * s.get(3), s.get(1))
                .reshape(s.get(0), s.get(2), s.get(3), s.get(1)).transpose(0, 3, 1, 2);
    }

    /**
     * {@code x} ([N, C, H, W]) in the reference's contiguous layout: flattening a tensor laid out otherwise copies
     * it. (Merging only H and W would not: channels last keeps H and W adjacent, so that is a view, and every
     * convolution on it, forward and backward, would make a contiguous copy of its own.)
     */
    private static NDArray contiguousCopy(NDArray x) {
        try (NDArray flat = x.reshape(-1)) {
            return flat.reshape(x.getShape());
        }
    }

    private NDArray layer(int index, NDArray x, NDArray[] kernels) {
        return switch (Vgg16.layer(index).type()) {
            case CONV -> Conv2d.conv2d(x, kernels[index], biases[index], ONE, ONE).singletonOrThrow();
            case RELU -> Activation.relu(x);
            case POOL -> Pool.maxPool2d(x, TWO, TWO, ZERO, false);
        };
    }

    /**
     * OIHW floats as an [O, I, 3, 3] tensor with OHWI strides, in memory of its own (a created array
     * borrows its Java buffer, which closing it gives back).
     */
    private NDArray channelsLast(FloatBuffer oihw, int out, int in) {
        float[] ohwi = new float[out * in * 9];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int k = 0; k < 9; k++) {
                    ohwi[(o * 9 + k) * in + i] = oihw.get((o * in + i) * 9 + k);
                }
            }
        }
        NDArray stored = manager.create(ohwi, new Shape(out, 3, 3, in));
        try (NDArray view = stored.transpose(0, 3, 1, 2)) {
            return view.duplicate();
        } finally {
            stored.close();
        }
    }

    /** The conv1_1 kernels, [64, 3, 3, 3]. */
    public float[] firstKernels() {
        return kernels[0].toFloatArray();
    }

    @Override
    public void close() {
        manager.close();
    }
}
