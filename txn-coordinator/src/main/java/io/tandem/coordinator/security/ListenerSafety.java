package io.tandem.coordinator.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses the HTTP listeners ({@code server.address}, {@code management.server.address}) bind to, and the
 * rule that an open (login-free) listener stays on the loopback interface. An unset address means every interface.
 */
public final class ListenerSafety {

    private static final Logger log = LoggerFactory.getLogger(ListenerSafety.class);

    private final List<String> exposed;

    private ListenerSafety(List<String> exposed) {
        this.exposed = List.copyOf(exposed);
    }

    /** The listeners of {@code environment}. */
    public static ListenerSafety of(Environment environment) {
        List<String> exposed = new ArrayList<>();
        String server = environment.getProperty("server.address");
        if (!isLoopback(server)) {
            exposed.add("server.address=" + describe(server));
        }
        if (environment.containsProperty("management.server.port")) {
            String management = environment.getProperty("management.server.address");
            if (!isLoopback(management)) {
                exposed.add("management.server.address=" + describe(management));
            }
        }
        return new ListenerSafety(exposed);
    }

    /** Whether every HTTP listener is on the loopback interface. */
    public boolean loopbackOnly() {
        return exposed.isEmpty();
    }

    /** The listeners beyond the loopback interface, for messages. */
    public String exposedAddresses() {
        return String.join(", ", exposed);
    }

    /**
     * Refuses an open listener beyond loopback unless {@code allowInsecure}, and then warns.
     *
     * @throws IllegalStateException when logins are off, a listener is exposed and insecure use is not allowed
     */
    void check(HttpSecurityProperties properties) {
        if (properties.enabled() || loopbackOnly()) {
            return;
        }
        if (!properties.allowInsecure()) {
            throw new IllegalStateException("tandem.security.enabled=false with an HTTP listener beyond the loopback "
                    + "interface (" + exposedAddresses() + "): anyone who reaches it could force decisions. Turn "
                    + "security on, bind to 127.0.0.1, or set tandem.security.allow-insecure=true");
        }
        log.warn("INSECURE: HTTP listeners without any login on {} (tandem.security.enabled=false, "
                + "tandem.security.allow-insecure=true); anyone who reaches them can force transaction decisions",
                exposedAddresses());
    }

    private static String describe(String address) {
        return address == null || address.isBlank() ? "<unset: every interface>" : address;
    }

    private static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
