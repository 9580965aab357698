package io.tandem.server.auth;

/** A {@link #DISABLE}d user's requests are refused although its signature is right. */
public enum UserStatus {
    ENABLE("enable"),
    DISABLE("disable");

    private final String wireName;

    UserStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Null or blank means {@link #ENABLE}. @throws IllegalArgumentException for any other unknown name */
    public static UserStatus parse(String name) {
        if (name == null || name.isBlank()) {
            return ENABLE;
        }
        for (UserStatus status : values()) {
            if (status.wireName.equalsIgnoreCase(name.strip())) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown user status '" + name + "': expected enable or disable");
    }
}
