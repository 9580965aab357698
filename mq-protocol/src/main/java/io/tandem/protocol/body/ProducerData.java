package io.tandem.protocol.body;

import java.util.Objects;

/** A producer group announced in a heartbeat (fact sheet 6.2). */
public record ProducerData(String groupName) {

    public ProducerData {
        Objects.requireNonNull(groupName, "groupName");
    }
}
