package io.tandem.console.security;

import jakarta.servlet.http.HttpServletRequest;

import java.security.Principal;
import java.util.Arrays;

/**
 * Who is signed in and what they may do, for the pages (which buttons are enabled) and the audit trail. With logins
 * off ({@code tandem.security.enabled=false}) everyone may do everything, as the console's filter chain allows it.
 * Thread-safe.
 */
public final class ConsoleAccess {

    private final boolean loginsRequired;

    public ConsoleAccess(boolean loginsRequired) {
        this.loginsRequired = loginsRequired;
    }

    /** Whether the console asks for a login. */
    public boolean loginsRequired() {
        return loginsRequired;
    }

    /** The signed-in user's name, or null when nobody is signed in. */
    public String user(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal == null ? null : principal.getName();
    }

    /** Whether the request's user has {@code role} or a role that includes it (always, with logins off). */
    public boolean allows(HttpServletRequest request, ConsoleRole role) {
        return !loginsRequired || Arrays.stream(role.andAbove()).anyMatch(request::isUserInRole);
    }
}
