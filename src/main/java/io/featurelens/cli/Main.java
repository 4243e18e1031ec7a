package io.featurelens.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

import java.util.Map;

/**
 * The jar's entry point: without arguments, the HTTP service (gallery, JSON API, health, metrics) until it
 * is stopped; with arguments, a {@link FeatureLensCommand} run to its end, whose exit code the process exits with.
 */
@QuarkusMain
public final class Main {

    /**
     * A command needs no HTTP server (and must not take the service's port) nor Quarkus's start-up log; its
     * warnings go to the error stream, so that the output stream carries only the command's own output.
     */
    private static final Map<String, String> COMMAND_SETTINGS = Map.of(
            "quarkus.http.host-enabled", "false",
            "quarkus.banner.enabled", "false",
            "quarkus.log.level", "WARN",
            "quarkus.log.console.stderr", "true");

    public static void main(String... args) {
        if (args.length > 0) {
            COMMAND_SETTINGS.forEach((key, value) -> {
                if (System.getProperty(key) == null) {
                    System.setProperty(key, value);
                }
            });
        }
        Quarkus.run(Application.class, args);
    }

    public static class Application implements QuarkusApplication {

        @Inject
        CommandLine.IFactory factory;

        @Override
        public int run(String... args) throws Exception {
            if (args.length == 0) {
                Quarkus.waitForExit();
                return 0;
            }
            return FeatureLensCommand.commandLine(factory).execute(args);
        }
    }
}
