package io.featurelens.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;

/**
 * VGG16's classifier as torchvision runs it in eval mode: pool5's maps (7×7 at 224×224 input, where the
 * adaptive average pool is the identity) flattened, fc1, ReLU, fc2, ReLU, fc3; dropout is off. Its steps
 * are numbered after the features' 0–30 so that a pass over the whole network is one loop.
 */
public final class Vgg16Classifier implements AutoCloseable {

    /** The step after pool5: flatten and fc1. */
    public static final int FC1 = Vgg16.LAYERS.size();
    public static final int RELU1 = FC1 + 1;
    public static final int FC2 = FC1 + 2;
    public static final int RELU2 = FC1 + 3;
    public static final int FC3 = FC1 + 4;

    private final NDManager manager;
    private final NDArray[] weights = new NDArray[3];
    private final NDArray[] biases = new NDArray[3];
    private final ClassifierLayout layout;

    public Vgg16Classifier(ClassifierWeights loaded, Device device) {
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        this.layout = loaded.layout();
        int[] inputs = {ClassifierLayout.FEATURES, ClassifierLayout.HIDDEN, ClassifierLayout.HIDDEN};
        int[] outputs = {ClassifierLayout.HIDDEN, ClassifierLayout.HIDDEN, ClassifierLayout.CLASSES};
        for (int fc = 0; fc < 3; fc++) {
            weights[fc] = manager.create(loaded.tensors().get(ClassifierLayout.CANONICAL.get(2 * fc)).duplicate().rewind(),
                    new Shape(outputs[fc], inputs[fc]));
            biases[fc] = manager.create(loaded.tensors().get(ClassifierLayout.CANONICAL.get(2 * fc + 1)).duplicate().rewind(),
                    new Shape(outputs[fc]));
        }
    }

    /** Which names the weights file used. */
    public ClassifierLayout layout() {
        return layout;
    }

    /** Whether step {@code index} of the whole network is a ReLU. */
    public static boolean isRelu(int index) {
        return index < FC1 ? Vgg16.layer(index).type() == LayerType.RELU : index == RELU1 || index == RELU2;
    }

    /** Step {@code index} (FC1 … FC3) applied to {@code x}: [N, 512, 7, 7] for FC1, [N, 4096] after. */
    public NDArray apply(int index, NDArray x) {
        return switch (index - FC1) {
            case 0 -> Linear.linear(x.reshape(x.getShape().get(0), ClassifierLayout.FEATURES), weights[0], biases[0])
                    .singletonOrThrow();
            case 1, 3 -> Activation.relu(x);
            case 2 -> Linear.linear(x, weights[1], biases[1]).singletonOrThrow();
            case 4 -> Linear.linear(x, weights[2], biases[2]).singletonOrThrow();
            default -> throw new IllegalArgumentException("no classifier step " + index);
        };
    }

    @Override
    public void close() {
        manager.close();
    }
}
