package io.tandem.server.filter;

import java.util.HashMap;
import java.util.Map;

/** Message properties for tests, written as alternating names and values. */
final class MessageProperties {

    private MessageProperties() {
    }

    static Map<String, String> of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return properties;
    }

    static boolean matches(String expression, String... namesAndValues) {
        return SqlFilter.compile(expression).matches(of(namesAndValues));
    }
}
