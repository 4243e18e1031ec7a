package io.featurelens.core;

import io.featurelens.imaging.Montage;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/** Extracted maps into what the request asked to see: one PNG per map, a montage per layer, on every core. */
final class MapRenderer implements AutoCloseable {

    private final ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());

    List<FeatureResult.LayerMaps> render(List<Extraction.Maps> extracted, FeatureRequest request) {
        return pool.submit(() -> extracted.stream().map(e -> render(e, request)).toList()).join();
    }

    private static FeatureResult.LayerMaps render(Extraction.Maps e, FeatureRequest request) {
        int pixels = e.layer().height() * e.layer().width();
        List<FeatureResult.FeatureMap> maps = IntStream.range(0, e.filters().length).parallel().mapToObj(i -> {
            byte[] levels = Arrays.copyOfRange(e.levels(), i * pixels, (i + 1) * pixels);
            byte[] png = request.outputs().contains(FeatureRequest.Output.MAPS)
                    ? request.colorMap().encode(levels, e.layer().width(), e.layer().height()) : null;
            return new FeatureResult.FeatureMap(e.filters()[i], e.min()[i], e.max()[i], e.mean()[i], levels, png);
        }).toList();
        byte[] montage = request.outputs().contains(FeatureRequest.Output.MONTAGE)
                ? Montage.render(maps.stream().map(m -> new Montage.Tile(m.filter(), m.levels())).toList(),
                        e.layer().width(), e.layer().height(), request.colorMap())
                : null;
        return new FeatureResult.LayerMaps(e.layer(), maps, montage);
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
