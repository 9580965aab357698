package io.tandem.spring.listener;

/** How the {@code selector} of a listener is read. */
public enum SelectorType {
    /** {@code "*"} for every message, or tags separated by {@code ||}. */
    TAG,
    /**
     * A SQL92 expression over the message's properties (user properties, headers sent with {@code MqTemplate}, and
     * {@code TAGS}), such as {@code "amount > 100 AND region = 'eu'"}. The broker evaluates it, so its property
     * filter must be on ({@code tandem.broker.property-filter-enabled=true}).
     */
    SQL92
}
