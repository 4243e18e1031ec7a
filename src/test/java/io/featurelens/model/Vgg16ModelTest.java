package io.featurelens.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Vgg16ModelTest {

    /**
     * conv1_1 with zero kernels and a positive bias makes relu1_1 equal to conv1_1, value for value. Only
     * conv1_1 is wanted, so relu1_1 must be freed on the way: whether to free is decided by layer, not by
     * comparing contents with the outputs kept.
     */
    @Test
    void anIntermediateOutputEqualToAWantedOneIsStillFreed() {
        Map<String, FloatBuffer> tensors = new HashMap<>(DemoWeights.generate().tensors());
        Layer conv11 = Vgg16.layer(0);
        tensors.put(Vgg16.weightName(conv11), FloatBuffer.wrap(new float[64 * 3 * 9]));
        float[] bias = new float[64];
        Arrays.fill(bias, 0.5f);
        tensors.put(Vgg16.biasName(conv11), FloatBuffer.wrap(bias));
        try (Vgg16Model model = new Vgg16Model(new LoadedWeights(tensors, "test", false), Device.cpu());
             NDManager request = model.newRequestManager()) {
            NDArray input = model.input(request, new float[224 * 224 * 3], 1);
            int before = request.getManagedArrays().size();
            Map<Integer, NDArray> outputs = model.forward(input, 2, Set.of(0));
            assertEquals(Set.of(0), outputs.keySet());
            assertEquals(before + 2, request.getManagedArrays().size(), "conv1_1 (wanted) and conv1_2 (last) stay, relu1_1 is freed");
            float[] conv = outputs.get(0).toFloatArray();
            float[] expected = new float[conv.length];
            Arrays.fill(expected, 0.5f);
            assertArrayEquals(expected, conv, "relu1_1 equals conv1_1");
        }
    }

    @Test
    void aCpuPassTakesAsManyImagesAsStayUnderGlibcsFreshMappingSize() {
        try (Vgg16Model model = new Vgg16Model(DemoWeights.generate(), Device.cpu())) {
            assertEquals(2, model.imagesPerPass(), "64 × 224 × 224 floats are 12.8 MB; three would be 38.5 MB > 32 MiB");
        }
    }

    /**
     * The visualiser's pass (channels last through block 3, the reference's layout after, one filter from the last
     * convolution on) gives that filter's map as the reference layout's whole layer has it, up to float rounding:
     * at a convolution, at a ReLU after one, after a pooling (which it runs before the ReLU), and in blocks 4 and 5.
     */
    @ParameterizedTest
    @CsvSource({"2, 5", "3, 63", "4, 0", "16, 7", "19, 300", "29, 3"})
    void theVisualisersPassGivesTheReferenceLayoutsMap(int last, int filter) {
        try (Vgg16Model model = new Vgg16Model(DemoWeights.generate(), Device.cpu());
             NDManager request = model.newRequestManager()) {
            NDArray x = request.randomNormal(new ai.djl.ndarray.types.Shape(1, 3, 40, 36));
            assertArrayEquals(x.toFloatArray(), model.channelsLastCopy(x).toFloatArray(), "the copy has the same values");
            NDArray reference = x;
            for (int i = 0; i <= last; i++) {
                reference = model.apply(i, reference);
            }
            float[] expected = reference.get(":, " + filter + ":" + (filter + 1)).toFloatArray();
            float[] actual = model.filterMap(x, last, filter).toFloatArray();
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4f * (1 + Math.abs(expected[i])), "value " + i);
            }
        }
    }

    /**
     * Pooling before the ReLU in front of it gives the visualiser's pass the gradient of the usual order, ReLU then
     * pooling, run in the same layouts (channels last through block 3, the reference's after), up to the rounding
     * of a one-filter last convolution. A fixed input: with different layouts, or different inputs from run to run, a
     * value near zero can land on the other side of a ReLU or a pooling's maximum, which moves a gradient by more
     * than rounding without anything being wrong.
     */
    @ParameterizedTest
    @CsvSource({"4, 0", "16, 7", "29, 3"})
    void poolingBeforeTheReluGivesTheUsualOrdersGradient(int last, int filter) {
        try (Vgg16Model model = new Vgg16Model(DemoWeights.generate(), Device.cpu());
             NDManager request = model.newRequestManager()) {
            Random random = new Random(7);
            float[] values = new float[3 * 48 * 40];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            NDArray x = request.create(values, new ai.djl.ndarray.types.Shape(1, 3, 48, 40));
            float[] expected;
            float[] actual;
            try (GradientPass pass = GradientPass.open()) {
                NDArray leaf = pass.leaf(x);
                NDArray usual = model.channelsLastCopy(leaf);
                for (int i = 0; i <= last; i++) {
                    if (i == Vgg16Model.FIRST_BLOCKED) {
                        usual = usual.reshape(-1).reshape(usual.getShape());
                    }
                    usual = i < Vgg16Model.FIRST_BLOCKED ? model.applyChannelsLast(i, usual) : model.apply(i, usual);
                }
                expected = pass.gradient(leaf, usual.get(":, " + filter + ":" + (filter + 1)).mean()).toFloatArray();
            }
            try (GradientPass pass = GradientPass.open()) {
                NDArray leaf = pass.leaf(x);
                actual = pass.gradient(leaf, model.filterMap(leaf, last, filter).mean()).toFloatArray();
            }
            float largest = 0;
            for (float e : expected) {
                largest = Math.max(largest, Math.abs(e));
            }
            assertTrue(largest > 0, "the filter's map must depend on the input");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4f * largest, "gradient " + i);
            }
        }
    }
}
