package io.tandem.coordinator.lease;

import io.tandem.coordinator.record.HalfRecord;

/**
 * A claimed half: it belongs to {@code owner} until {@code untilMs} (by the owner's clock). Writes made under the
 * lease name its {@code token}; once another instance claimed the half again they change nothing.
 *
 * @param half    the half as it was when claimed
 * @param owner   the claiming instance
 * @param token   the claim's fencing token
 * @param untilMs end of the lease
 */
public record Lease(HalfRecord half, String owner, long token, long untilMs) {
}
