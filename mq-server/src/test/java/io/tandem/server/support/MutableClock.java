package io.tandem.server.support;

import java.time.Instant;

/** The shared {@link io.tandem.testing.MutableClock}, under the name the broker's tests have used. Thread-safe. */
public final class MutableClock extends io.tandem.testing.MutableClock {

    public MutableClock(Instant start) {
        super(start);
    }
}
