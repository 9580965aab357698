package io.tandem.server.txn;

/**
 * What the broker keeps in memory about one half message: where it is and whom to ask about it.
 *
 * @param halfOffset     offset in queue 0 of the half topic (the transaction's id on the broker)
 * @param position       commit-log position of the half record
 * @param producerGroup  the PGROUP to check back with
 * @param uniqueKey      the message's UNIQ_KEY (its transaction id)
 * @param realTopic      the topic it is delivered to on commit
 * @param realQueueId    the queue it is delivered to on commit
 * @param storedAtMs     when the broker stored it, by the broker's clock
 * @param firstCheckAtMs when it may first be checked, by the broker's clock
 * @param bornHost       "ip:port" of the producer connection that sent it
 * @param keys           the message's KEYS property, or null
 */
public record HalfMessage(long halfOffset, long position, String producerGroup, String uniqueKey, String realTopic,
                          int realQueueId, long storedAtMs, long firstCheckAtMs, String bornHost, String keys) {
}
