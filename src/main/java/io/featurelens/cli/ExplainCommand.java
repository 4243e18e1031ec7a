package io.featurelens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurelens.core.ReadyModel;
import io.featurelens.core.RejectedRequestException;
import io.featurelens.explain.ExplainRequest;
import io.featurelens.explain.ExplainResult;
import io.featurelens.explain.ExplainService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code explain}: {@code POST /api/explain} for one image file. The picture and, for the CAM methods, the overlay
 * are the API's PNGs byte for byte; {@code target.json} is the API's answer without the pictures and timings.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes which pixels made VGG16 decide, for a class (default the top one) or a filter: "
                + "OUT/" + ExplainCommand.PICTURE + ", OUT/" + ExplainCommand.OVERLAY + " for the CAM methods, and "
                + "OUT/" + ExplainCommand.TARGET + " (method, class or filter, layer). Needs weights with a classifier.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the explanation was written", "1:it could not be made (the image, the model or the folder; "
                + "the reason is on the error stream)", "2:the command line is wrong"})
public class ExplainCommand implements Callable<Integer> {

    static final String PICTURE = "explanation.png";
    static final String OVERLAY = "overlay.png";
    static final String TARGET = "target.json";

    @Parameters(paramLabel = "IMAGE", description = "The image file")
    Path image;

    @Option(names = "--method", defaultValue = "gradcam", paramLabel = "METHOD",
            description = "gradcam, layercam, guided-backprop, guided-gradcam, saliency, integrated-gradients or "
                    + "smoothgrad (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--class", paramLabel = "CLASS",
            description = "An index 0-999 or an ImageNet label such as tabby (default: the top class); not with --filter")
    String klass;

    @Option(names = "--layer", paramLabel = "LAYER",
            description = "Index 0-30 or name such as relu5_3: the maps a CAM method weighs (default relu5_3), "
                    + "or the layer of --filter")
    String layer;

    @Option(names = "--filter", paramLabel = "FILTER",
            description = "Explain this filter of --layer instead of a class (gradient methods only)")
    String filter;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the files go; made if missing")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ExplainService service;
    private final ReadyModel model;
    private final ObjectMapper json;

    public ExplainCommand(ExplainService service, ReadyModel model, ObjectMapper json) {
        this.service = service;
        this.model = model;
        this.json = json;
    }

    @Override
    public Integer call() {
        try {
            ExplainRequest.parse(null, method, klass, layer, filter);
        } catch (RejectedRequestException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        try {
            model.network(FeatureLensCommand.MODEL_WAIT);
            ExplainResult result = service.explain(ExplainRequest.parse(Files.readAllBytes(image), method, klass, layer, filter));
            Files.createDirectories(out);
            Files.write(out.resolve(PICTURE), result.image().png());
            if (result.overlay() != null) {
                Files.write(out.resolve(OVERLAY), result.overlay().png());
            }
            json.writerWithDefaultPrettyPrinter().writeValue(out.resolve(TARGET).toFile(),
                    new ExplainResult(result.model(), result.method(), result.target(), result.layer(), null, null, null));
            spec.commandLine().getOut().printf("%s of %s written to %s%n", result.method(), image.getFileName(), out);
            return 0;
        } catch (RejectedRequestException e) {
            err.println("Cannot explain " + image + ": " + e.getMessage());
        } catch (IOException e) {
            err.println("Cannot read or write " + e.getMessage() + " (" + e.getClass().getSimpleName() + ")");
        }
        return 1;
    }
}
