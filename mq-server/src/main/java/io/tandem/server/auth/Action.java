package io.tandem.server.auth;

import java.util.Locale;

/** What a request does to a resource, as ACL 2.0 names it; {@link #ALL} in a policy entry grants every action. */
public enum Action {
    ALL("All"),
    PUB("Pub"),
    SUB("Sub"),
    CREATE("Create"),
    UPDATE("Update"),
    DELETE("Delete"),
    GET("Get"),
    LIST("List");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire and in files ({@code Pub}). */
    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the accepted names if {@code name} is none of them (any case) */
    public static Action parse(String name) {
        for (Action action : values()) {
            if (action.wireName.equalsIgnoreCase(name == null ? "" : name.strip())) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action '" + name + "': expected one of Pub, Sub, Create, "
                + "Update, Delete, Get, List, All");
    }

    @Override
    public String toString() {
        return wireName.toLowerCase(Locale.ROOT);
    }
}
