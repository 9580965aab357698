package io.tandem.coordinator.policy;

/**
 * Published as a Spring application event when the end-of-checks policy parked a half: it stays undecided and is
 * no longer checked until an operator resumes or forces it. Listeners run on the check thread that parked it.
 *
 * @param halfId        the half's id in the record (and in the HTTP API)
 * @param broker        the broker's "host:port"
 * @param halfOffset    the half's offset on that broker
 * @param producerGroup its producer group
 * @param topic         its topic
 * @param transactionId its UNIQ_KEY
 * @param checks        checks made before it was parked
 */
public record HalfParkedEvent(long halfId, String broker, long halfOffset, String producerGroup, String topic,
                              String transactionId, int checks) {
}
