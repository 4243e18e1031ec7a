package io.featurelens.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.time.Duration;

/**
 * {@code java -jar quarkus-run.jar <command> …}: one subcommand per capability, each in its own class with its
 * own {@code --help} (docs/cli.md). A new command is a {@code @Command} class added to {@code subcommands}.
 */
@TopCommand
@Command(name = "featurelens", mixinStandardHelpOptions = true, versionProvider = FeatureLensCommand.Version.class,
        description = "What a convolutional network sees, without a server. Run without arguments, the jar is the "
                + "HTTP service instead.",
        subcommands = {MapsCommand.class, ExplainCommand.class, VisualizeCommand.class, CommandLine.HelpCommand.class})
public class FeatureLensCommand implements Runnable {

    /** How long a command waits for the weights to load before it gives up. */
    static final Duration MODEL_WAIT = Duration.ofMinutes(10);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command line over {@link FeatureLensCommand} and its subcommands, their beans made by {@code factory}. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        return new CommandLine(FeatureLensCommand.class, factory);
    }

    /** A command is needed: without one, say which there are. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: use one of "
                + spec.subcommands().keySet());
    }

    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"FeatureLens " + ConfigProvider.getConfig().getValue("quarkus.application.version", String.class)};
        }
    }
}
