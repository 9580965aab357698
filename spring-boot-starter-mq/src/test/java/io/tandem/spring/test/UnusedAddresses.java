package io.tandem.spring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Local addresses nobody listens on, for tests of an unreachable name server. */
public final class UnusedAddresses {

    private UnusedAddresses() {
    }

    /** {@code 127.0.0.1:<port>} of a port that was free a moment ago. */
    public static String next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
