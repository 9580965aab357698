package io.tandem.protocol.body;

/**
 * The version of a broker's topic table as it reports it to name servers ({@code dataVersion} of
 * {@link TopicConfigAndMappingSerializeWrapper}): the table changed when the counter or the timestamp changed.
 *
 * @param stateVersion the reference's master-election state version (Tandem writes 0)
 * @param timestamp    when the table last changed, ms since the epoch
 * @param counter      changes since the broker started
 */
public record DataVersion(long stateVersion, long timestamp, long counter) {

    /** The version a table that never changed has. */
    public static final DataVersion INITIAL = new DataVersion(0, 0, 0);

    /** The next version: counter plus one, at {@code timestampMs}. */
    public DataVersion next(long timestampMs) {
        return new DataVersion(stateVersion, timestampMs, counter + 1);
    }
}
