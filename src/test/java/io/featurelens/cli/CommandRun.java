package io.featurelens.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One run of the command line in the test's application: its exit code and what it printed. */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun of(CommandLine.IFactory factory, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = FeatureLensCommand.commandLine(factory);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args.toArray(String[]::new));
        return new CommandRun(code, out.toString(), err.toString());
    }
}
