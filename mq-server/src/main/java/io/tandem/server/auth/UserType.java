package io.tandem.server.auth;

/** A {@link #SUPER} user may do everything without any policy; a {@link #NORMAL} user what its ACL allows. */
public enum UserType {
    SUPER("Super"),
    NORMAL("Normal");

    private final String wireName;

    UserType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Null or blank means {@link #NORMAL}. @throws IllegalArgumentException for any other unknown name */
    public static UserType parse(String name) {
        if (name == null || name.isBlank()) {
            return NORMAL;
        }
        for (UserType type : values()) {
            if (type.wireName.equalsIgnoreCase(name.strip())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown user type '" + name + "': expected Super or Normal");
    }
}
