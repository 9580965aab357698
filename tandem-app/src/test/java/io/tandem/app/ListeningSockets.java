package io.tandem.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The local addresses TCP sockets of this machine listen on, read from Linux's {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} (hexadecimal {@code address:port}, state {@code 0A} = LISTEN).
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";
    private static final String IPV4_LOOPBACK = "0100007F";
    private static final String IPV6_LOOPBACK = "00000000000000000000000001000000";
    private static final String IPV4_MAPPED_LOOPBACK = "0000000000000000FFFF00000100007F";

    private ListeningSockets() {
    }

    /** The hexadecimal local addresses of the sockets listening on {@code port}. */
    static List<String> localAddresses(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length < 4 || !fields[3].equals(LISTEN)) {
                    continue;
                }
                String[] local = fields[1].split(":");
                if (local.length == 2 && local[1].equalsIgnoreCase(hexPort)) {
                    addresses.add(local[0].toUpperCase(Locale.ROOT));
                }
            }
        }
        return addresses;
    }

    /** Whether a hexadecimal address from those tables is a loopback address. */
    static boolean isLoopback(String hexAddress) {
        return hexAddress.equals(IPV4_LOOPBACK) || hexAddress.equals(IPV6_LOOPBACK)
                || hexAddress.equals(IPV4_MAPPED_LOOPBACK);
    }
}
