package io.tandem.server.auth;

import io.tandem.server.metadata.TopicNames;

import java.util.Locale;
import java.util.Objects;

/**
 * A resource a policy entry names, or a request touches. Written as ACL 2.0 writes it: {@code *} (anything),
 * {@code Topic:*} (any topic), {@code Topic:order-*} (names starting with {@code order-}), {@code Topic:orders}
 * (exactly that one); likewise {@code Group:} and {@code Cluster:}. Resources that requests touch are always exact.
 *
 * @param type    {@link Type#ANY} only with pattern {@link Pattern#ANY}
 * @param name    the exact name or the prefix; empty for pattern ANY
 * @param pattern how the name matches
 */
public record Resource(Type type, String name, Pattern pattern) {

    /** The kinds of resource. */
    public enum Type {
        ANY("Any"), CLUSTER("Cluster"), TOPIC("Topic"), GROUP("Group");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** How a policy entry's name matches a request's. */
    public enum Pattern {
        LITERAL, PREFIXED, ANY
    }

    private static final String ANY_KEY = "*";

    public Resource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
        if (type == Type.ANY && !(pattern == Pattern.ANY && name.isEmpty())) {
            throw new IllegalArgumentException("the resource of any type must be *");
        }
    }

    public static Resource topic(String name) {
        return new Resource(Type.TOPIC, name, Pattern.LITERAL);
    }

    /** The group; a retry or dead-letter topic name stands for its group. */
    public static Resource group(String name) {
        String group = TopicNames.groupOf(name);
        return new Resource(Type.GROUP, group == null ? name : group, Pattern.LITERAL);
    }

    public static Resource cluster(String name) {
        return new Resource(Type.CLUSTER, name, Pattern.LITERAL);
    }

    /**
     * Parses a resource key.
     *
     * @throws IllegalArgumentException naming the accepted forms if the key is none of them
     */
    public static Resource parse(String key) {
        String text = key == null ? "" : key.strip();
        if (text.equals(ANY_KEY)) {
            return new Resource(Type.ANY, "", Pattern.ANY);
        }
        int colon = text.indexOf(':');
        Type type = colon <= 0 ? null : typeNamed(text.substring(0, colon));
        String name = colon <= 0 ? "" : text.substring(colon + 1);
        if (type == null || name.isEmpty()) {
            throw new IllegalArgumentException("resource must be *, Cluster:<name>, Topic:<name> or Group:<name> "
                    + "(a name of * for any, ending in * for a prefix): '" + Printable.of(key) + "'");
        }
        if (name.equals(ANY_KEY)) {
            return new Resource(type, "", Pattern.ANY);
        }
        if (name.endsWith(ANY_KEY)) {
            return new Resource(type, name.substring(0, name.length() - 1), Pattern.PREFIXED);
        }
        return new Resource(type, name, Pattern.LITERAL);
    }

    private static Type typeNamed(String name) {
        for (Type type : Type.values()) {
            if (type != Type.ANY && type.wireName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        return null;
    }

    /** The key as written in ACLs. */
    public String key() {
        if (type == Type.ANY) {
            return ANY_KEY;
        }
        return switch (pattern) {
            case ANY -> type.wireName + ":" + ANY_KEY;
            case PREFIXED -> type.wireName + ":" + name + ANY_KEY;
            case LITERAL -> type.wireName + ":" + name;
        };
    }

    /** Whether this (policy) resource covers the exact resource {@code requested}. */
    public boolean covers(Resource requested) {
        if (type == Type.ANY) {
            return true;
        }
        if (type != requested.type) {
            return false;
        }
        return switch (pattern) {
            case ANY -> true;
            case PREFIXED -> requested.name.startsWith(name);
            case LITERAL -> requested.name.equals(name);
        };
    }

    @Override
    public String toString() {
        return key();
    }
}
