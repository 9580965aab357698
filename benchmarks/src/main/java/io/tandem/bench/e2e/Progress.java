package io.tandem.bench.e2e;

import java.io.PrintStream;

/**
 * The progress line of a run: rewritten in place on a terminal, otherwise printed every fifth update so a log stays
 * short.
 */
final class Progress {

    private static final int NON_TERMINAL_EVERY = 5;

    private final PrintStream out;
    private final String prefix;
    private final boolean terminal;
    private int updates;
    private int lastLength;

    Progress(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix;
        this.terminal = System.console() != null && System.console().isTerminal();
    }

    void update(String text) {
        String line = prefix + " | " + text;
        updates++;
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            out.flush();
        } else if (updates % NON_TERMINAL_EVERY == 0) {
            out.println(line);
        }
    }

    void finish() {
        if (terminal && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }
}
