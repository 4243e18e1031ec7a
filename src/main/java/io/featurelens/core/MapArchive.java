package io.featurelens.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One layer's maps as a ZIP: one PNG per map, named by {@link MapFileNames}, and {@code stats.csv} with each
 * map's raw min, max and mean.
 */
public final class MapArchive {

    public static final String STATS = "stats.csv";

    private MapArchive() {
    }

    /** {@code layer} must have been computed with {@link FeatureRequest.Output#MAPS}. */
    public static byte[] zip(FeatureResult.LayerMaps layer) {
        StringBuilder stats = new StringBuilder("filter,min,max,mean\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            // PNGs are deflated already: a second pass gains little, so it may as well be quick.
            zip.setLevel(Deflater.BEST_SPEED);
            for (FeatureResult.FeatureMap map : layer.maps()) {
                zip.putNextEntry(new ZipEntry(MapFileNames.map(layer.layer(), map.filter())));
                zip.write(map.png());
                zip.closeEntry();
                stats.append(map.filter()).append(',').append(map.min()).append(',').append(map.max())
                        .append(',').append(map.mean()).append('\n');
            }
            zip.putNextEntry(new ZipEntry(STATS));
            zip.write(stats.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
