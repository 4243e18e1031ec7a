package io.featurelens.it;

import io.featurelens.Goldens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar with arguments is the command line: it runs the command and exits with its code, without
 * serving HTTP. (Without arguments it is the service: PackagedAppIT.) MapsCommandTest checks the pictures.
 */
class CommandLineIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @TempDir
    Path dir;

    @Test
    void mapsWritesTheGoodImagesReportsTheBadOneAndExitsWithOne() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.write(images.resolve("scene.png"), Goldens.sceneImage());
        Files.writeString(images.resolve("notes.png"), "hello, world");
        int port = freePort();
        try (ServerSocket taken = new ServerSocket(port)) {
            Result result = run("maps", images.toString(), "--layer", "relu1_2", "--filters", "0-3", "--out",
                    dir.resolve("out").toString(), "-Dquarkus.http.port=" + port);
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.stdout().startsWith("1 of 2 images done, 1 failed: 4 maps of relu1_2"), result.toString());
            assertTrue(result.stderr().contains("skipped notes.png: not an image"), result.toString());
            for (String file : List.of("filter-00.png", "filter-03.png", "montage.png", "stats.csv")) {
                assertTrue(Files.isRegularFile(dir.resolve("out/scene.png/relu1_2").resolve(file)), file + ": " + result);
            }
            assertFalse(result.stdout().contains("Listening on") || result.stderr().contains("Port " + port),
                    "no HTTP server, though the port it would take is in use: " + result);
        }
    }

    @Test
    void helpNamesTheCommandsAndTheirOptions() throws Exception {
        Result top = run("--help");
        assertEquals(0, top.exitCode(), top.toString());
        assertTrue(top.stdout().contains("maps"), top.toString());
        Result maps = run("maps", "--help");
        assertEquals(0, maps.exitCode(), maps.toString());
        assertTrue(maps.stdout().contains("--layer") && maps.stdout().contains("--out"), maps.toString());
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs the jar with {@code args}; those starting with -D go to the JVM. */
    private Result run(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), "mvn package has built " + JAR);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true"));
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            (arg.startsWith("-D") ? command : rest).add(arg);
        }
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(rest);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("FEATURELENS_MODEL_WEIGHTS", "demo");
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the command did not end: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
