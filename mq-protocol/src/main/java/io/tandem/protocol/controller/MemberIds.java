package io.tandem.protocol.controller;

import io.tandem.protocol.header.HeaderFields;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The wire form of a set of member ids: decimal ids separated by commas, in ascending order ("1,2,3"). */
final class MemberIds {

    private MemberIds() {
    }

    static String write(Set<Long> ids) {
        return new TreeSet<>(ids).stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static Set<Long> read(HeaderFields fields, String key) {
        String text = fields.requiredString(key).strip();
        Set<Long> ids = new TreeSet<>();
        if (text.isEmpty()) {
            return ids;
        }
        for (String part : text.split(",")) {
            try {
                long id = Long.parseLong(part.strip());
                if (id < 1) {
                    throw fields.invalid(key, "member id " + id + " is not positive");
                }
                ids.add(id);
            } catch (NumberFormatException e) {
                throw fields.invalid(key, "'" + text + "' is not a comma-separated list of member ids");
            }
        }
        return ids;
    }

    static void requireHostPort(HeaderFields fields, String key, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || !value.substring(colon + 1).matches("\\d{1,5}")) {
            throw fields.invalid(key, "'" + value + "' is not host:port");
        }
    }
}
