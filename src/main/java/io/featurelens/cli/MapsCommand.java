package io.featurelens.cli;

import io.featurelens.core.FeatureRequest;
import io.featurelens.core.FeatureResult;
import io.featurelens.core.FeatureService;
import io.featurelens.core.MapArchive;
import io.featurelens.core.MapFileNames;
import io.featurelens.core.ReadyModel;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.model.Layer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code maps}: the reference script's job for one image or many. Per image, the ZIP's files of
 * {@code POST /api/maps.zip} ({@link MapArchive}) and the montage, under {@code <out>/<image file name>/<layer>/},
 * computed by the same core as the JSON API, so the PNGs are the API's byte for byte.
 */
@Command(name = "maps", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes every selected feature map of one layer as a PNG, the montage and stats.csv, per image, "
                + "into OUT/<image file name>/<layer>/. Files that are no readable image are reported and skipped.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every image was done", "1:some images failed (each is named on the error stream)",
                "2:the command line is wrong"})
public class MapsCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "IMAGE_OR_DIR",
            description = "Image files, and folders whose files are all taken (not their subfolders)")
    List<Path> inputs;

    @Option(names = "--layer", required = true, paramLabel = "LAYER",
            description = "Index 0-30 or name, conv1_1 to pool5, e.g. relu1_2")
    String layer;

    @Option(names = "--filters", defaultValue = "all", paramLabel = "FILTERS",
            description = "all, or indices and ranges such as 0-7,12 (default: ${DEFAULT-VALUE})")
    String filters;

    @Option(names = "--normalize", defaultValue = "sigmoid", paramLabel = "sigmoid|minmax",
            description = "sigmoid, as the reference, or minmax per map (default: ${DEFAULT-VALUE})")
    String normalize;

    @Option(names = "--colormap", defaultValue = "grey", paramLabel = "grey|viridis|magma",
            description = "Grey PNGs, or palette PNGs in a colour map (default: ${DEFAULT-VALUE})")
    String colormap;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the pictures go; made if missing")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final FeatureService service;
    private final ReadyModel model;

    public MapsCommand(FeatureService service, ReadyModel model) {
        this.service = service;
        this.model = model;
    }

    @Override
    public Integer call() throws IOException {
        FeatureRequest request = request();
        List<Path> images = ImageInputs.expand(inputs);
        if (images.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "No images: " + inputs + " holds no files");
        }
        PrintWriter err = spec.commandLine().getErr();
        try {
            model.get(FeatureLensCommand.MODEL_WAIT);
        } catch (RejectedRequestException e) {
            err.println("Cannot compute maps: " + e.getMessage());
            return 1;
        }
        Progress progress = new Progress(err, images.size());
        Set<String> names = new HashSet<>();
        int failed = 0;
        int maps = 0;
        long start = System.nanoTime();
        for (Path image : images) {
            String name = image.getFileName().toString();
            String problem = names.add(name) ? null : "another image of the same file name is written to the same folder";
            if (problem == null) {
                try {
                    maps += write(service.compute(request.withImage(Files.readAllBytes(image))), out.resolve(name));
                } catch (RejectedRequestException e) {
                    problem = e.getMessage();
                } catch (IOException e) {
                    problem = "cannot read or write " + e.getMessage() + " (" + e.getClass().getSimpleName() + ")";
                }
            }
            failed += problem == null ? 0 : 1;
            progress.step(name, problem);
        }
        Layer chosen = request.layers().get(0);
        spec.commandLine().getOut().printf(Locale.ROOT, "%d of %d images done, %d failed: %d maps of %s in %s (%.1f s)%n",
                images.size() - failed, images.size(), failed, maps, chosen.name(), out, (System.nanoTime() - start) / 1e9);
        return failed == 0 ? 0 : 1;
    }

    /** The request without its image; a wrong option is a usage error before any image is read. */
    private FeatureRequest request() {
        try {
            FeatureRequest request = FeatureRequest.parse(null, layer, filters, normalize, colormap,
                    Set.of(FeatureRequest.Output.MAPS, FeatureRequest.Output.MONTAGE));
            request.layers().forEach(request.filters()::resolve);
            return request;
        } catch (RejectedRequestException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Writes the first layer of {@code result} under {@code folder}; returns how many maps. */
    private static int write(FeatureResult result, Path folder) throws IOException {
        FeatureResult.LayerMaps layer = result.first();
        Path dir = Files.createDirectories(folder.resolve(layer.layer().name()));
        for (Map.Entry<String, byte[]> file : MapArchive.entries(layer).entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
        Files.write(dir.resolve(MapFileNames.MONTAGE), layer.montagePng());
        return layer.maps().size();
    }
}
