package io.featurelens.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place that runs backward passes. DJL's PyTorch engine lets one {@code GradientCollector} be open
 * per JVM (a static flag: a second one throws) and libtorch's grad mode is per thread, so a pass takes a
 * process-wide lock, then opens the collector on the calling thread, which switches grad mode on there, and
 * closes it at the end. Gradients are read from fresh leaves only: libtorch gives a non-leaf no gradient
 * (DJL answers zeros), and adds up gradients over backward passes. Every tensor stays in the caller's
 * request manager, gradients included, and goes when it is closed.
 */
public final class GradientPass implements AutoCloseable {

    private static final ReentrantLock ONE_AT_A_TIME = new ReentrantLock();

    private final GradientCollector collector;

    private GradientPass(GradientCollector collector) {
        this.collector = collector;
    }

    /** Waits for any other pass in the process to end, then starts one on this thread. */
    public static GradientPass open() {
        ONE_AT_A_TIME.lock();
        try {
            return new GradientPass(Engine.getEngine("PyTorch").newGradientCollector());
        } catch (RuntimeException | Error e) {
            ONE_AT_A_TIME.unlock();
            throw e;
        }
    }

    /** A new leaf with {@code x}'s values, cut from whatever graph made {@code x}, that collects its gradient. */
    public NDArray leaf(NDArray x) {
        NDArray leaf = x.stopGradient();
        leaf.setRequiresGradient(true);
        return leaf;
    }

    /** ∂{@code target}/∂{@code leaf}, where {@code target} is a scalar computed from {@code leaf} in this pass. */
    public NDArray gradient(NDArray leaf, NDArray target) {
        collector.backward(target);
        return leaf.getGradient();
    }

    /**
     * The vector-Jacobian product {@code outputGradient}ᵀ·∂{@code output}/∂{@code leaf}, which is how a gradient
     * arriving from above is carried one step down: libtorch's backward from a non-scalar with its gradient
     * given (DJL's collector only starts from a scalar, which would cost a product and a sum of the output's
     * size, forward and backward, for the same numbers).
     */
    public NDArray backward(NDArray leaf, NDArray output, NDArray outputGradient) {
        JniUtils.backward((PtNDArray) output, (PtNDArray) outputGradient, false, false);
        return leaf.getGradient();
    }

    @Override
    public void close() {
        try {
            collector.close();
        } finally {
            ONE_AT_A_TIME.unlock();
        }
    }
}
