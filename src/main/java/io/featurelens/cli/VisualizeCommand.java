package io.featurelens.cli;

import io.featurelens.core.FeatureRequest;
import io.featurelens.core.FilterSelection;
import io.featurelens.core.ReadyModel;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.model.Layer;
import io.featurelens.visualize.AtlasLayout;
import io.featurelens.visualize.FeatureVisualizer;
import io.featurelens.visualize.Visualization;
import io.featurelens.visualize.VisualizationSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code visualize}: an atlas on the JVM. Every selected filter of every given layer rendered by
 * {@link FeatureVisualizer}, written as {@code <out>/<layer>/filter-NNN.png} and {@code .json} ({@link AtlasLayout}).
 */
@Command(name = "visualize", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Renders what each selected filter of the given layers looks for (feature visualisation, "
                + "Lucid's recipe), into OUT/<layer>/filter-NNN.png and filter-NNN.json (activations). "
                + "On a CPU a filter takes seconds to minutes: docs/visualize.md.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every filter was written", "1:the model or the folder failed (the reason is on the error stream)",
                "2:the command line is wrong"})
public class VisualizeCommand implements Callable<Integer> {

    @Option(names = "--layers", required = true, split = ",", paramLabel = "LAYER[,LAYER...]",
            description = "Indices 0-30 or names such as relu3_3,conv1_1")
    List<String> layers;

    @Option(names = "--filters", defaultValue = "all", paramLabel = "FILTERS",
            description = "all, or indices and ranges such as 0-63 (default: ${DEFAULT-VALUE}), of every layer given")
    String filters;

    @Option(names = "--steps", paramLabel = "N",
            description = "Optimisation steps per filter, 1-" + VisualizationSpec.MAX_STEPS + " (default: "
                    + VisualizationSpec.DEFAULT_STEPS + ")")
    Integer steps;

    @Option(names = "--seed", paramLabel = "SEED", description = "The random start and transforms (default: "
            + VisualizationSpec.DEFAULT_SEED + "); the same seed gives the same pictures")
    Long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the files go; made if missing")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ReadyModel model;

    public VisualizeCommand(ReadyModel model) {
        this.model = model;
    }

    @Override
    public Integer call() {
        List<VisualizationSpec> specs = specs();
        PrintWriter err = spec.commandLine().getErr();
        FeatureVisualizer visualizer;
        try {
            visualizer = new FeatureVisualizer(model.get(FeatureLensCommand.MODEL_WAIT));
        } catch (RejectedRequestException e) {
            err.println("Cannot visualize: " + e.getMessage());
            return 1;
        }
        Progress progress = new Progress(err, specs.size());
        long start = System.nanoTime();
        for (VisualizationSpec one : specs) {
            long began = System.nanoTime();
            long[] stepsDone = new long[2];
            Visualization v = visualizer.render(one, (done, total, preview) -> stepsDone[done == 1 ? 0 : 1] = System.nanoTime());
            double seconds = (System.nanoTime() - began) / 1e9;
            try {
                write(v);
            } catch (IOException e) {
                err.println("Cannot write " + e.getMessage() + " (" + e.getClass().getSimpleName() + ")");
                return 1;
            }
            progress.step(String.format(Locale.ROOT, "%s: %d steps in %.1f s (%.4f s/step%s), activation %.4g -> %.4g",
                    AtlasLayout.pngKey(one.layer(), one.filter()), one.steps(), seconds, seconds / one.steps(),
                    one.steps() > 1 ? String.format(Locale.ROOT, "; %.4f s/step over steps 2-%d",
                            (stepsDone[1] - stepsDone[0]) / 1e9 / (one.steps() - 1), one.steps()) : "",
                    v.startActivation(), v.meanActivation()), null);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%d filters of %s visualized in %s (%.1f s)%n", specs.size(),
                String.join(",", specs.stream().map(s -> s.layer().name()).distinct().toList()), out,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** Every filter to render; a wrong option is a usage error before the model is touched. */
    private List<VisualizationSpec> specs() {
        try {
            FilterSelection selection = FilterSelection.parse(filters);
            List<VisualizationSpec> specs = new ArrayList<>();
            for (String name : layers) {
                Layer layer = FeatureRequest.parseLayer(name.trim());
                for (int filter : selection.resolve(layer)) {
                    specs.add(VisualizationSpec.of(layer, filter, steps, seed));
                }
            }
            return specs;
        } catch (RejectedRequestException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void write(Visualization v) throws IOException {
        VisualizationSpec one = v.spec();
        Path png = out.resolve(AtlasLayout.pngKey(one.layer(), one.filter()));
        Files.createDirectories(png.getParent());
        Files.write(png, v.png());
        Files.write(out.resolve(AtlasLayout.jsonKey(one.layer(), one.filter())), AtlasLayout.json(v));
    }
}
