package io.tandem.protocol.body;

import io.tandem.protocol.LanguageCode;

/**
 * One live client connection of a consumer group, as listed by GET_CONSUMER_CONNECTION_LIST (203) inside
 * {@link ConsumerConnection}.
 *
 * @param clientId   the client's id
 * @param clientAddr the client's {@code host:port} as the broker sees it
 * @param language   the client's language
 * @param version    the client's version ordinal
 */
public record Connection(String clientId, String clientAddr, LanguageCode language, int version) {
}
