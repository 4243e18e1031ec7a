package io.featurelens.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the images' read-only checks (ReadOnlyLambdaCheck, ReadOnlyCpuCheck) both do. */
final class LayoutChecks {

    private LayoutChecks() {
    }

    /** Files under {@code dir}, relative to it; none when it does not exist. */
    static List<String> writtenUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
        }
    }

    /** Runs {@code command} with this process's output, and requires that it succeeds. */
    static void run(List<String> command) throws IOException, InterruptedException {
        int status = new ProcessBuilder(command).inheritIO().start().waitFor();
        require(status == 0, String.join(" ", command) + " exited with " + status);
    }

    static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("read-only check failed: " + what);
        }
    }
}
