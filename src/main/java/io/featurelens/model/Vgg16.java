package io.featurelens.model;

import io.featurelens.imaging.Preprocessor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The layer table of torchvision's {@code vgg16().features}, and the tensors its weights consist of. */
public final class Vgg16 {

    public static final int INPUT_CHANNELS = 3;

    private static final int[] BLOCK_CHANNELS = {64, 128, 256, 512, 512};
    private static final int[] BLOCK_CONVS = {2, 2, 3, 3, 3};

    public static final List<Layer> LAYERS = buildLayers();

    private Vgg16() {
    }

    private static List<Layer> buildLayers() {
        List<Layer> layers = new ArrayList<>();
        int size = Preprocessor.SIZE;
        for (int block = 0; block < BLOCK_CHANNELS.length; block++) {
            int channels = BLOCK_CHANNELS[block];
            for (int conv = 1; conv <= BLOCK_CONVS[block]; conv++) {
                String suffix = (block + 1) + "_" + conv;
                layers.add(new Layer(layers.size(), "conv" + suffix, LayerType.CONV, channels, size, size));
                layers.add(new Layer(layers.size(), "relu" + suffix, LayerType.RELU, channels, size, size));
            }
            size /= 2;
            layers.add(new Layer(layers.size(), "pool" + (block + 1), LayerType.POOL, channels, size, size));
        }
        return List.copyOf(layers);
    }

    public static Layer layer(int index) {
        return LAYERS.get(index);
    }

    public static Optional<Layer> byName(String name) {
        return LAYERS.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public static Layer last() {
        return LAYERS.get(LAYERS.size() - 1);
    }

    /** Channels entering {@code layer}: the previous layer's output, or the RGB input. */
    public static int inputChannels(Layer layer) {
        return layer.index() == 0 ? INPUT_CHANNELS : LAYERS.get(layer.index() - 1).channels();
    }

    public static List<Layer> convolutions() {
        return LAYERS.stream().filter(l -> l.type() == LayerType.CONV).toList();
    }

    public static String weightName(Layer conv) {
        return "features." + conv.index() + ".weight";
    }

    public static String biasName(Layer conv) {
        return "features." + conv.index() + ".bias";
    }

    /** Every tensor a weights file must provide, with its shape, in layer order. */
    public static Map<String, long[]> expectedTensors() {
        Map<String, long[]> tensors = new LinkedHashMap<>();
        for (Layer conv : convolutions()) {
            tensors.put(weightName(conv), new long[] {conv.channels(), inputChannels(conv), 3, 3});
            tensors.put(biasName(conv), new long[] {conv.channels()});
        }
        return tensors;
    }
}
