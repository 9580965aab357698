package io.tandem.server.compat;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.srvutil.ServerUtil;
import org.apache.rocketmq.tools.command.SubCommand;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs RocketMQ's {@code mqadmin} sub-commands (rocketmq-tools) in this JVM against one name server, the way
 * {@code MQAdminStartup} does: the common options, the command's own options, commons-cli's parser, the name server in
 * {@code -n} and in the {@code rocketmq.namesrv.addr} property, and the RPC hook given (none by default; an
 * {@code AclClientRPCHook} signs the requests, as mqadmin's {@code tools.yml} credentials do). What a command prints to
 * {@code System.out} and {@code System.err} on the calling thread is captured and returned.
 */
final class MqAdmin {

    /** What one command printed, and the exception it ended with (null if it completed). */
    record Run(String command, String out, String err, Exception failure) {

        /** The output of a command that completed; fails the test with everything printed otherwise. */
        String output() {
            if (failure != null) {
                throw new AssertionError("mqadmin " + command + " failed: " + rootCause(failure) + "\nout:\n" + out
                        + "\nerr:\n" + err, failure);
            }
            return out;
        }

        /** The message of the innermost cause of the failure, or null if the command completed. */
        String failureMessage() {
            return failure == null ? null : String.valueOf(rootCause(failure).getMessage());
        }

        /** Output lines without blank ones. */
        List<String> lines() {
            return output().lines().filter(line -> !line.isBlank()).toList();
        }

        /** {@code key : value} or {@code key = value} lines (brokerStatus, getBrokerConfig) as a map. */
        Map<String, String> table(String separator) {
            Map<String, String> table = new LinkedHashMap<>();
            for (String line : lines()) {
                int at = line.indexOf(separator);
                if (at > 0) {
                    table.put(line.substring(0, at).strip(), line.substring(at + separator.length()).strip());
                }
            }
            return table;
        }
    }

    private static final PrintStream ORIGINAL_OUT = System.out;
    private static final PrintStream ORIGINAL_ERR = System.err;
    private static final ThreadLocal<ByteArrayOutputStream> CAPTURED_OUT = new ThreadLocal<>();
    private static final ThreadLocal<ByteArrayOutputStream> CAPTURED_ERR = new ThreadLocal<>();

    static {
        // The client's logging settings must be in place before the tools load a RocketMQ class.
        RocketMqClients.class.getName();
        System.setOut(new PrintStream(new PerThread(CAPTURED_OUT, ORIGINAL_OUT), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new PerThread(CAPTURED_ERR, ORIGINAL_ERR), true, StandardCharsets.UTF_8));
    }

    private final String nameServerAddress;
    private final RPCHook hook;

    MqAdmin(String nameServerAddress) {
        this(nameServerAddress, null);
    }

    MqAdmin(String nameServerAddress, RPCHook hook) {
        this.nameServerAddress = nameServerAddress;
        this.hook = hook;
    }

    /** Runs {@code command} with {@code args} (without the command name) and returns what happened. */
    Run run(SubCommand command, String... args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.add("-n");
        arguments.add(nameServerAddress);
        String description = command.commandName() + " " + String.join(" ", args);
        Options options = command.buildCommandlineOptions(ServerUtil.buildCommandlineOptions(new Options()));
        CommandLine commandLine;
        try {
            commandLine = new DefaultParser().parse(options, arguments.toArray(String[]::new));
        } catch (ParseException e) {
            throw new IllegalArgumentException("mqadmin " + description + ": " + e.getMessage(), e);
        }
        System.setProperty(MixAll.NAMESRV_ADDR_PROPERTY, nameServerAddress);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CAPTURED_OUT.set(out);
        CAPTURED_ERR.set(err);
        Exception failure = null;
        long startedNs = System.nanoTime();
        try {
            command.execute(commandLine, options, hook);
        } catch (Exception e) {
            failure = e;
        } finally {
            CAPTURED_OUT.remove();
            CAPTURED_ERR.remove();
        }
        Run run = new Run(description, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                failure);
        ORIGINAL_OUT.println("mqadmin " + description + " (" + (System.nanoTime() - startedNs) / 1_000_000 + " ms)\n"
                + run.out() + run.err()
                + (failure == null ? "" : "failed: " + rootCause(failure) + "\n"));
        return run;
    }

    /** Runs {@code command} and returns its output, failing the test if it did not complete. */
    String output(SubCommand command, String... args) {
        return run(command, args).output();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Writes to the calling thread's capture buffer if it has one, else to the stream it replaced. */
    private static final class PerThread extends OutputStream {
        private final ThreadLocal<ByteArrayOutputStream> captured;
        private final PrintStream original;

        PerThread(ThreadLocal<ByteArrayOutputStream> captured, PrintStream original) {
            this.captured = captured;
            this.original = original;
        }

        @Override
        public void write(int b) {
            ByteArrayOutputStream buffer = captured.get();
            if (buffer != null) {
                buffer.write(b);
            } else {
                original.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            ByteArrayOutputStream buffer = captured.get();
            if (buffer != null) {
                buffer.write(bytes, offset, length);
            } else {
                original.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
