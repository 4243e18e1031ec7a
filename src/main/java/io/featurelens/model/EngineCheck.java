package io.featurelens.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;

/**
 * Starts DJL's PyTorch engine once and says what it loaded and how many GPUs it sees. infra/gpu/Dockerfile
 * runs it at image build, so that DJL fetches its CUDA build of libtorch then rather than at start; in a
 * running container it tells whether the GPU is visible:
 *
 * <pre>java -cp '/app/app/*:/app/lib/main/*' io.featurelens.model.EngineCheck</pre>
 */
public final class EngineCheck {

    private EngineCheck() {
    }

    public static void main(String[] args) {
        Engine engine = Engine.getEngine("PyTorch");
        System.out.printf("PyTorch %s from %s, %d GPU(s) visible%n", engine.getVersion(), LibUtils.getLibtorchPath(),
                engine.getGpuCount());
    }
}
