package io.tandem.client.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This process's address and id as the protocol embeds them in client ids and unique keys (fact sheet 4.3, 6.2).
 * Stateless apart from a counter; thread-safe.
 */
public final class ClientIds {

    private static final AtomicLong INSTANCE_COUNTER = new AtomicLong();
    private static final InetAddress LOCAL_ADDRESS = findLocalAddress();

    private ClientIds() {
    }

    /** The first non-loopback IPv4 address of an interface that is up, else the loopback address. */
    public static InetAddress localAddress() {
        return LOCAL_ADDRESS;
    }

    public static long processId() {
        return ProcessHandle.current().pid();
    }

    /**
     * A client id unique in this process and very likely among all clients of a cluster:
     * {@code <ip>@<pid>#<nano time>-<counter>}, in the shape of the reference clients' ids.
     */
    public static String newClientId() {
        return LOCAL_ADDRESS.getHostAddress() + "@" + processId() + "#" + System.nanoTime() + "-"
                + INSTANCE_COUNTER.incrementAndGet();
    }

    private static InetAddress findLocalAddress() {
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback() || network.isVirtual()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        return address;
                    }
                }
            }
        } catch (SocketException e) {
            return InetAddress.getLoopbackAddress();
        }
        return InetAddress.getLoopbackAddress();
    }
}
