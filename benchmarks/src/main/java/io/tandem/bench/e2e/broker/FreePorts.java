package io.tandem.bench.e2e.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks loopback ports nothing listens on, for brokers that must be told their ports in advance. */
final class FreePorts {

    private FreePorts() {
    }

    /** A free port on 127.0.0.1. */
    static int one() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * A free port {@code p} such that {@code p + offset} is free too for every given offset (RocketMQ's broker also
     * listens on {@code p - 2} and {@code p + 1}).
     */
    static int withNeighbours(int... offsets) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = one();
            boolean allFree = true;
            for (int offset : offsets) {
                int neighbour = port + offset;
                if (neighbour < 1024 || neighbour > 65535 || !isFree(neighbour)) {
                    allFree = false;
                    break;
                }
            }
            if (allFree) {
                return port;
            }
        }
        throw new IllegalStateException("found no free loopback port with free neighbours after 100 attempts");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
