package io.tandem.server.auth;

/** Why a request was refused; {@link #tag()} is the {@code reason} tag of {@code tandem.auth.failures}. */
public enum AuthFailure {
    /** No AccessKey field: the client has no credentials configured. */
    MISSING_CREDENTIALS("missing_credentials"),
    /** AccessKey or Signature present but unusable (blank, not Base64 of a signature). */
    MALFORMED_CREDENTIALS("malformed_credentials"),
    /** No user with that access key. */
    UNKNOWN_USER("unknown_user"),
    /** The user is disabled. */
    DISABLED_USER("disabled_user"),
    /** The signature does not match the request and the user's secret. */
    BAD_SIGNATURE("bad_signature"),
    /** Authenticated, but no policy allows the request (not slowed down). */
    DENIED("denied");

    private final String tag;

    AuthFailure(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** Whether this failure is one of authentication, which repeated from one source is slowed down. */
    public boolean isAuthentication() {
        return this != DENIED;
    }
}
