package io.tandem.protocol.txn;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.ExtFieldsWriter;
import io.tandem.protocol.header.HeaderFields;

import java.util.Map;
import java.util.Objects;

/**
 * Response header of a successful TANDEM_RESOLVE_HALF (100102). A half that does not match (other commit-log offset)
 * or is gone is an error answer instead.
 *
 * @param outcome whether this request decided the half
 */
public record ResolveHalfResponseHeader(ResolveOutcome outcome) implements CommandHeader {

    private static final String OUTCOME = "outcome";

    public ResolveHalfResponseHeader {
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * @throws io.tandem.protocol.header.InvalidHeaderException if the outcome is missing or none of the known ones
     */
    public static ResolveHalfResponseHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forResponse(RequestCode.TANDEM_RESOLVE_HALF, extFields));
    }

    public static ResolveHalfResponseHeader from(RemotingCommand response) {
        return fromExtFields(response.extFields());
    }

    private static ResolveHalfResponseHeader read(HeaderFields fields) {
        return new ResolveHalfResponseHeader(WireNames.required(fields, OUTCOME, ResolveOutcome.class));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put(OUTCOME, outcome.wireName())
                .toMap();
    }
}
