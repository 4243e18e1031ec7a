package io.featurelens.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.featurelens.imaging.Preprocessor;
import io.featurelens.model.GradientPass;
import io.featurelens.model.Layer;
import io.featurelens.model.Vgg16Classifier;
import io.featurelens.model.Vgg16Network;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.function.IntFunction;

/**
 * One explanation in progress: the network, the request's input and target, and the passes every method
 * is made of. All tensors live in the request's manager and go when it closes.
 */
public final class Explained {

    /** The layer whose maps CAM methods weigh unless told otherwise: relu5_3. */
    public static final int DEFAULT_CAM_LAYER = 29;
    /** Samples per forward and backward pass of the sampling methods: bounds the memory the graph takes. */
    public static final int SAMPLES_PER_PASS = 4;

    private final Vgg16Network network;
    private final GradientPass pass;
    private final NDManager manager;
    private final NDArray input;
    private final Target target;
    private final Layer layer;
    private float[] logits;
    private int explainedClass = -1;

    Explained(Vgg16Network network, GradientPass pass, NDManager manager, float[] input, Target target, Layer layer) {
        this.network = network;
        this.pass = pass;
        this.manager = manager;
        this.input = manager.create(input, new Shape(1, 3, Preprocessor.SIZE, Preprocessor.SIZE));
        this.target = target;
        this.layer = layer;
    }

    public Layer layer() {
        return layer;
    }

    /** The logits of the unaltered input, once some pass has computed them; null for a filter target. */
    float[] logits() {
        return logits;
    }

    int explainedClass() {
        return explainedClass;
    }

    /** The class explained, from the logits of the unaltered input ([1, 1000]): the requested one or the top one. */
    private int classFor(NDArray cleanLogits) {
        if (logits == null) {
            logits = cleanLogits.toFloatArray();
            Target.ClassOf of = (Target.ClassOf) target;
            explainedClass = of.index().orElseGet(() -> (int) cleanLogits.argMax(1).toLongArray()[0]);
        }
        return explainedClass;
    }

    /** The activations A of {@link #layer} and ∂y_c/∂A, each [C, h, w] as floats: what CAM methods weigh. */
    public float[][] layerActivationsAndGradients() {
        NDArray a = pass.leaf(network.run(input, 0, layer.index()));
        NDArray cleanLogits = network.run(a, layer.index() + 1, Vgg16Network.LOGITS);
        int c = classFor(cleanLogits);
        NDArray gradient = pass.gradient(a, cleanLogits.get(0, c));
        return new float[][] {a.toFloatArray(), gradient.toFloatArray()};
    }

    /** The unaltered input, [1, 3, 224, 224]. */
    public NDArray input() {
        return input;
    }

    /** The class or filter the target names, resolved on the unaltered input if it is the top class. */
    public void resolveTarget() {
        if (target instanceof Target.ClassOf) {
            classFor(network.logits(input));
        }
    }

    /**
     * ∂target/∂x of each of {@code inputs} ([n, 3, 224, 224]), plain backpropagation: the target of each
     * sample depends on that sample alone, so one backward pass of their sum gives every gradient.
     */
    public NDArray inputGradients(NDArray inputs) {
        NDArray x = pass.leaf(inputs);
        NDArray summed = target instanceof Target.FilterOf of
                ? network.run(x, 0, of.layer().index()).get(new NDIndex(":, {}", of.filter())).sum()
                : network.run(x, 0, Vgg16Network.LOGITS).get(new NDIndex(":, {}", explainedClass)).sum();
        return pass.gradient(x, summed);
    }

    /**
     * Σ ∂target/∂x ([1, 3, 224, 224]) over {@code samples} inputs, a multiple of {@link #SAMPLES_PER_PASS},
     * made {@link #SAMPLES_PER_PASS} at a time by {@code batch} from the index of the first.
     */
    public NDArray summedInputGradients(int samples, IntFunction<NDArray> batch) {
        NDArray total = input.zerosLike();
        for (int first = 0; first < samples; first += SAMPLES_PER_PASS) {
            total = total.add(inputGradients(batch.apply(first)).sum(new int[] {0}, true));
        }
        return total;
    }

    /**
     * ∂target/∂x of the unaltered input with the guided ReLU rule: at every ReLU, g_in = g_out·[x > 0]·[g_out > 0].
     * libtorch has no backward hooks here, so each stretch of steps up to and including a ReLU runs from a
     * fresh leaf, and the gradient goes down stretch by stretch: [g_out > 0] by hand where a stretch ends in
     * a ReLU, then autograd through the stretch, whose ReLU's own backward applies [x > 0].
     */
    public float[] guidedInputGradient() {
        int top = target instanceof Target.FilterOf of ? of.layer().index() : Vgg16Network.LOGITS;
        Deque<Stretch> stretches = new ArrayDeque<>();
        NDArray y = input;
        for (int first = 0; first <= top; ) {
            int last = first;
            while (last < top && !Vgg16Classifier.isRelu(last)) {
                last++;
            }
            NDArray leaf = pass.leaf(y);
            y = network.run(leaf, first, last);
            stretches.push(new Stretch(leaf, y, Vgg16Classifier.isRelu(last)));
            first = last + 1;
        }
        NDArray g = manager.create(topGradient(y), y.getShape());
        for (Stretch stretch : stretches) {
            g = pass.backward(stretch.input(), stretch.output(), stretch.endsInRelu() ? Activation.relu(g) : g);
        }
        return g.toFloatArray();
    }

    private record Stretch(NDArray input, NDArray output, boolean endsInRelu) {
    }

    /** ∂target/∂output of the target's step: one-hot at the class, or ones over the filter's map. */
    private float[] topGradient(NDArray output) {
        float[] g = new float[(int) output.size()];
        if (target instanceof Target.FilterOf of) {
            int plane = of.layer().height() * of.layer().width();
            Arrays.fill(g, of.filter() * plane, (of.filter() + 1) * plane, 1f);
        } else {
            g[classFor(output)] = 1f;
        }
        return g;
    }
}
