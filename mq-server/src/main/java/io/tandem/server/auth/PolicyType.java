package io.tandem.server.auth;

/**
 * The two policies of a subject's ACL, as in ACL 2.0: {@link #CUSTOM} entries are written by administrators;
 * {@link #DEFAULT} entries are consulted only when no custom entry matches a request.
 */
public enum PolicyType {
    CUSTOM("Custom"),
    DEFAULT("Default");

    private final String wireName;

    PolicyType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Null or blank means {@link #CUSTOM}. @throws IllegalArgumentException for any other unknown name */
    public static PolicyType parse(String name) {
        if (name == null || name.isBlank()) {
            return CUSTOM;
        }
        for (PolicyType type : values()) {
            if (type.wireName.equalsIgnoreCase(name.strip())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown policy type '" + name + "': expected Custom or Default");
    }
}
