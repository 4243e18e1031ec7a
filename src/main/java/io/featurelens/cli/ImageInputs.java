package io.featurelens.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The images a command works on: each file given, and every file directly in each folder given, by name. */
final class ImageInputs {

    private ImageInputs() {
    }

    static List<Path> expand(List<Path> given) throws IOException {
        List<Path> images = new ArrayList<>();
        for (Path path : given) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted().forEach(images::add);
                }
            } else {
                images.add(path);
            }
        }
        return images;
    }
}
