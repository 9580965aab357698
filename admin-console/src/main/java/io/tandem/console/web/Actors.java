package io.tandem.console.web;

import jakarta.servlet.http.HttpServletRequest;

/** Who made a request, for the audit trail. */
final class Actors {

    private Actors() {
    }

    /**
     * The authenticated user when there is one, else the name the operator typed into the form, else the requesting
     * address.
     */
    static String of(HttpServletRequest request, String typedName) {
        if (request.getUserPrincipal() != null) {
            return request.getUserPrincipal().getName();
        }
        if (typedName != null && !typedName.isBlank()) {
            return typedName.strip() + " (" + request.getRemoteAddr() + ")";
        }
        return "anonymous (" + request.getRemoteAddr() + ")";
    }
}
