package io.featurelens.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One layer's maps as files: one PNG per map, named by {@link MapFileNames}, and {@code stats.csv} with each
 * map's raw min, max and mean; in a ZIP ({@link #zip}), or in a folder (the command line, by {@link #entries}).
 */
public final class MapArchive {

    public static final String STATS = "stats.csv";

    private MapArchive() {
    }

    /** The archive's files in order, by name. {@code layer} must have been computed with {@link FeatureRequest.Output#MAPS}. */
    public static Map<String, byte[]> entries(FeatureResult.LayerMaps layer) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        StringBuilder stats = new StringBuilder("filter,min,max,mean\n");
        for (FeatureResult.FeatureMap map : layer.maps()) {
            entries.put(MapFileNames.map(layer.layer(), map.filter()), map.png());
            stats.append(map.filter()).append(',').append(map.min()).append(',').append(map.max())
                    .append(',').append(map.mean()).append('\n');
        }
        entries.put(STATS, stats.toString().getBytes(StandardCharsets.UTF_8));
        return entries;
    }

    /** {@link #entries} as a ZIP. */
    public static byte[] zip(FeatureResult.LayerMaps layer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            // PNGs are deflated already: a second pass gains little, so it may as well be quick.
            zip.setLevel(Deflater.BEST_SPEED);
            for (Map.Entry<String, byte[]> entry : entries(layer).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
