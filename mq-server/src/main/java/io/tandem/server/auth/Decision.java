package io.tandem.server.auth;

/** The effect of a policy entry. Of the entries matching a request, any {@link #DENY} wins. */
public enum Decision {
    ALLOW("Allow"),
    DENY("Deny");

    private final String wireName;

    Decision(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException if {@code name} is neither Allow nor Deny (any case) */
    public static Decision parse(String name) {
        for (Decision decision : values()) {
            if (decision.wireName.equalsIgnoreCase(name == null ? "" : name.strip())) {
                return decision;
            }
        }
        throw new IllegalArgumentException("unknown decision '" + name + "': expected Allow or Deny");
    }
}
