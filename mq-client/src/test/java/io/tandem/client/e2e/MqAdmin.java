package io.tandem.client.e2e;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.srvutil.ServerUtil;
import org.apache.rocketmq.tools.command.SubCommand;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs RocketMQ's {@code mqadmin} sub-commands (rocketmq-tools) in this JVM against one name server, as
 * {@code MQAdminStartup} would: the common options, the command's own, commons-cli's parser, no RPC hook. Returns what
 * the command printed to {@code System.out}; a command that ends with an exception fails the test with its output.
 * One command at a time (it swaps {@code System.out}).
 */
final class MqAdmin {

    static {
        // The RocketMQ client reads its logging settings once, when its classes load.
        System.setProperty("rocketmq.log.root", Path.of("target", "rocketmq-client-logs").toAbsolutePath()
                .toString());
        System.setProperty("rocketmq.log.level", "WARN");
    }

    private final String nameServerAddress;

    MqAdmin(String nameServerAddress) {
        this.nameServerAddress = nameServerAddress;
    }

    /** Runs {@code command} with {@code args} (without the command name and {@code -n}) and returns its output. */
    synchronized String output(SubCommand command, String... args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.add("-n");
        arguments.add(nameServerAddress);
        Options options = command.buildCommandlineOptions(ServerUtil.buildCommandlineOptions(new Options()));
        CommandLine commandLine;
        try {
            commandLine = new DefaultParser().parse(options, arguments.toArray(String[]::new));
        } catch (ParseException e) {
            throw new IllegalArgumentException("mqadmin " + command.commandName() + ": " + e.getMessage(), e);
        }
        System.setProperty(MixAll.NAMESRV_ADDR_PROPERTY, nameServerAddress);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            command.execute(commandLine, options, null);
        } catch (Exception e) {
            throw new AssertionError("mqadmin " + command.commandName() + " " + String.join(" ", args)
                    + " failed; it printed:\n" + captured.toString(StandardCharsets.UTF_8), e);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.println("mqadmin " + command.commandName() + " " + String.join(" ", args) + "\n" + output);
        return output;
    }
}
