package io.featurelens.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * VGG16's {@code features} on DJL's PyTorch engine, run layer by layer so any layer's output can be
 * taken. The weights live in one long-lived manager; each forward pass creates its tensors in the
 * caller's manager, so closing that manager frees everything the request allocated. The weights are
 * only read, so concurrent passes need no lock.
 */
public final class Vgg16Model implements AutoCloseable {

    private static final Shape ONE = new Shape(1, 1);
    private static final Shape TWO = new Shape(2, 2);
    private static final Shape ZERO = new Shape(0, 0);

    private final NDManager manager;
    private final NDArray[] kernels = new NDArray[Vgg16.LAYERS.size()];
    private final NDArray[] biases = new NDArray[Vgg16.LAYERS.size()];
    private final String weightsSource;
    private final boolean pretrained;

    public Vgg16Model(LoadedWeights weights, Device device) {
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        this.weightsSource = weights.source();
        this.pretrained = weights.pretrained();
        for (Layer conv : Vgg16.convolutions()) {
            int i = conv.index();
            kernels[i] = manager.create(weights.tensors().get(Vgg16.weightName(conv)).duplicate(),
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

    /** "cpu", or "gpu:N". */
    public String deviceName() {
        Device device = manager.getDevice();
        return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
    }

    /** Native tensors alive in this model's managers: the 26 weight tensors plus whatever requests still hold. */
    public int liveTensors() {
        return manager.getManagedArrays().size();
    }

    /** A manager for one request's tensors, on the model's device. Close it when the request is done. */
    public NDManager newRequestManager() {
        return manager.newSubManager();
    }

    /**
     * Runs layers 0…{@code last} on {@code input} ([N, 3, 224, 224], in the caller's manager) and returns
     * the outputs of the layers in {@code wanted}. Other intermediate outputs are freed on the way.
     */
    public Map<Integer, NDArray> forward(NDArray input, int last, Set<Integer> wanted) {
        Map<Integer, NDArray> outputs = new HashMap<>();
        NDArray x = input;
        for (int i = 0; i <= last; i++) {
            NDArray y = apply(i, x);
            if (x != input && !outputs.containsValue(x)) {
                x.close();
            }
            x = y;
            if (wanted.contains(i)) {
                outputs.put(i, x);
            }
        }
        return outputs;
    }

    /** Layer {@code index} applied to {@code x}, in {@code x}'s manager. */
    public NDArray apply(int index, NDArray x) {
        return switch (Vgg16.layer(index).type()) {
            case CONV -> Conv2d.conv2d(x, kernels[index], biases[index], ONE, ONE).singletonOrThrow();
            case RELU -> Activation.relu(x);
            case POOL -> Pool.maxPool2d(x, TWO, TWO, ZERO, false);
        };
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
