package io.tandem.protocol.capture;

import io.netty.buffer.Unpooled;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.frame.FrameDecoder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decoded commands of a capture, with each response paired to its request: same connection, opposite direction,
 * same opaque. Test-only.
 */
final class Exchanges {

    /** A decoded frame with where it came from. */
    record Command(CapturedFrame frame, RemotingCommand command) {
    }

    /** A request and its response, if one was captured (oneway and still-held requests have none). */
    record Exchange(Command request, Optional<Command> response) {

        RemotingCommand requestCommand() {
            return request.command();
        }

        int requestCode() {
            return request.command().code();
        }
    }

    private Exchanges() {
    }

    static List<Command> commands(String capture) {
        List<Command> commands = new ArrayList<>();
        for (CapturedFrame frame : CaptureFiles.frames(capture)) {
            commands.add(new Command(frame, FrameDecoder.decodeFrame(Unpooled.wrappedBuffer(frame.frame()))));
        }
        return commands;
    }

    static List<Command> allCommands() {
        List<Command> commands = new ArrayList<>();
        CaptureFiles.ALL.forEach(capture -> commands.addAll(commands(capture)));
        return commands;
    }

    /** Every request of every capture with its response. */
    static List<Exchange> all() {
        List<Exchange> exchanges = new ArrayList<>();
        for (String capture : CaptureFiles.ALL) {
            List<Command> commands = commands(capture);
            Map<String, Command> responses = new HashMap<>();
            for (Command command : commands) {
                if (command.command().isResponse()) {
                    responses.put(key(command, !command.frame().isToServer()), command);
                }
            }
            for (Command command : commands) {
                if (!command.command().isResponse()) {
                    exchanges.add(new Exchange(command,
                            Optional.ofNullable(responses.get(key(command, command.frame().isToServer())))));
                }
            }
        }
        return exchanges;
    }

    /** Requests of one code, with responses. */
    static List<Exchange> withCode(int requestCode) {
        return all().stream().filter(exchange -> exchange.requestCode() == requestCode).toList();
    }

    private static String key(Command command, boolean requestWentToServer) {
        return command.frame().capture() + "/" + command.frame().clientPort() + "/" + command.frame().serverPort()
                + "/" + requestWentToServer + "/" + command.command().opaque();
    }
}
