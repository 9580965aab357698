package io.tandem.coordinator.record;

import org.springframework.data.annotation.Id;

/**
 * One attempt to ask a producer about a half on one channel (table {@code check_attempt}).
 *
 * @param id            row id
 * @param halfId        the half's row id
 * @param checkNumber   the check (1-based) this attempt belongs to
 * @param channel       how it was asked
 * @param target        the URL asked, or the broker for the broker channel
 * @param answer        the outcome; AWAITING until a broker-channel answer is known
 * @param error         what went wrong, for FAILED and REJECTED
 * @param attemptedAtMs when it started (coordinator clock)
 * @param latencyMs     how long the answer took, or null when unknown (an AWAITING attempt, or one that ended
 *                      without an answer)
 * @param instanceId    the coordinator instance that made it
 */
public record CheckAttempt(@Id Long id, long halfId, int checkNumber, CheckChannel channel, String target,
                           CheckAnswer answer, String error, long attemptedAtMs, Long latencyMs, String instanceId) {

    public CheckAttempt withId(Long newId) {
        return new CheckAttempt(newId, halfId, checkNumber, channel, target, answer, error, attemptedAtMs, latencyMs,
                instanceId);
    }
}
