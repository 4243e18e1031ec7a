package io.featurelens.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The instructions of a Dockerfile, enough to check it and to run what it describes: continuation lines
 * joined, comments dropped, and what the last stage (the image) sets: ENV, WORKDIR, EXPOSE, VOLUME, USER,
 * and ENTRYPOINT, CMD and HEALTHCHECK in exec form.
 */
public record Dockerfile(Path file, List<Instruction> instructions) {

    /** One instruction; {@code stage} counts the FROM lines before it, from 1. */
    public record Instruction(String keyword, String arguments, int stage) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int stage = 0;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] parts = current.toString().strip().split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(new Instruction(keyword, parts.length > 1 ? parts[1].strip() : "", stage));
            current.setLength(0);
        }
        return new Dockerfile(file, List.copyOf(instructions));
    }

    /** The base image of each stage, in order. */
    public List<String> baseImages() {
        return all("FROM").stream().map(i -> i.arguments().split("\\s+")[0]).toList();
    }

    /** The image's environment: every ENV of the last stage, {@code KEY=value} pairs. */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction instruction : finalStage("ENV")) {
            for (String pair : words(instruction.arguments())) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException(file + ": ENV " + instruction.arguments() + ": use KEY=value");
                }
                if (env.put(pair.substring(0, equals), pair.substring(equals + 1)) != null) {
                    throw new IllegalArgumentException(file + ": ENV " + pair.substring(0, equals) + " is set twice");
                }
            }
        }
        return env;
    }

    public Optional<String> workdir() {
        List<Instruction> workdirs = finalStage("WORKDIR");
        return workdirs.isEmpty() ? Optional.empty() : Optional.of(workdirs.get(workdirs.size() - 1).arguments());
    }

    public List<Integer> exposedPorts() {
        return finalStage("EXPOSE").stream().flatMap(i -> words(i.arguments()).stream())
                .map(port -> Integer.parseInt(port.replaceFirst("/tcp$", ""))).toList();
    }

    public List<String> entrypoint() {
        return execForm("ENTRYPOINT");
    }

    public List<String> cmd() {
        return execForm("CMD");
    }

    /** The image's VOLUME mount points. */
    public List<String> volumes() {
        return finalStage("VOLUME").stream().flatMap(i -> words(i.arguments()).stream()).toList();
    }

    /** The user the image runs as, if it names one. */
    public Optional<String> user() {
        List<Instruction> users = finalStage("USER");
        return users.isEmpty() ? Optional.empty() : Optional.of(users.get(users.size() - 1).arguments());
    }

    /** The HEALTHCHECK's command, in exec form; empty without one. */
    public List<String> healthcheck() {
        List<Instruction> checks = finalStage("HEALTHCHECK");
        if (checks.isEmpty()) {
            return List.of();
        }
        String arguments = checks.get(checks.size() - 1).arguments();
        int cmd = arguments.indexOf("CMD ");
        if (cmd < 0) {
            throw new IllegalArgumentException(file + ": HEALTHCHECK without CMD: " + arguments);
        }
        return parseExecForm("HEALTHCHECK", arguments.substring(cmd + 4).strip());
    }

    /** The RUN instructions of every stage. */
    public List<String> runs() {
        return all("RUN").stream().map(Instruction::arguments).toList();
    }

    private List<String> execForm(String keyword) {
        List<Instruction> found = finalStage(keyword);
        if (found.isEmpty()) {
            return List.of();
        }
        return parseExecForm(keyword, found.get(found.size() - 1).arguments());
    }

    private List<String> parseExecForm(String keyword, String arguments) {
        try {
            return JSON.readValue(arguments, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + keyword + " must be in exec form, a JSON array: " + arguments, e);
        }
    }

    private List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    private List<Instruction> finalStage(String keyword) {
        int last = instructions.isEmpty() ? 0 : instructions.get(instructions.size() - 1).stage();
        return all(keyword).stream().filter(i -> i.stage() == last).toList();
    }

    /** Splits on spaces outside double quotes, dropping the quotes. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
