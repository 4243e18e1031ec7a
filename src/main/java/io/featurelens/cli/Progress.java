package io.featurelens.cli;

import java.io.PrintWriter;

/**
 * A progress bar over a command's images on the error stream: redrawn in place on a terminal, one line per
 * image otherwise (a log, a pipe), so that the output stream carries only the summary.
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final int total;
    private final boolean terminal;
    private int done;

    Progress(PrintWriter out, int total) {
        this.out = out;
        this.total = total;
        this.terminal = System.console() != null;
    }

    /** Says that {@code name} is done; {@code problem} is null when it went well. */
    void step(String name, String problem) {
        done++;
        if (problem != null) {
            out.print(terminal ? "\r\033[K" : "");
            out.println("skipped " + name + ": " + problem);
        }
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        String bar = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + name;
        if (terminal) {
            out.print("\r\033[K" + bar + (done == total ? "\n" : ""));
        } else if (problem == null) {
            out.println(bar);
        }
        out.flush();
    }
}
