package io.tandem.client.internal;

import java.time.Duration;

/**
 * How the send path behaves; built from a producer's config (or the consumers' defaults for their internal
 * producer). Validated by the configs that create it.
 *
 * @param sendTimeout        total time a send may take, retries included
 * @param syncRetries        further attempts of a synchronous send after a retriable failure
 * @param asyncRetries       further attempts of an asynchronous send after a transport failure
 * @param compressThreshold  single bodies of at least this many bytes are zlib-compressed
 * @param compressLevel      zlib level, 0..9
 * @param maxMessageSize     largest body (uncompressed) or batch body accepted, bytes
 */
public record SendSettings(Duration sendTimeout, int syncRetries, int asyncRetries, int compressThreshold,
                           int compressLevel, int maxMessageSize) {

    /** The reference client's defaults (fact sheet 7.1): 3 s, 2 retries each way, 4 KiB, level 5, 4 MiB. */
    public static final SendSettings DEFAULTS = new SendSettings(Duration.ofSeconds(3), 2, 2, 4 * 1024, 5, 4 << 20);
}
