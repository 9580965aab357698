package io.tandem.protocol.txn;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.ExtFieldsWriter;
import io.tandem.protocol.header.HeaderFields;

import java.util.Map;
import java.util.Objects;

/**
 * TANDEM_RESOLVE_HALF (100102) request header: decides one half on behalf of a check answer that came through another
 * channel, the end-of-checks policy or an operator. The broker keeps the first decision of a half and stores it before
 * answering with a {@link ResolveHalfResponseHeader}.
 *
 * @param halfOffset      the half's offset in the half queue
 * @param commitLogOffset the half record's commit-log offset (must match the half)
 * @param decision        commit or rollback
 * @param source          who decided
 */
public record ResolveHalfRequestHeader(long halfOffset, long commitLogOffset, Decision decision,
                                       DecisionSource source) implements CommandHeader {

    private static final String HALF_OFFSET = "halfOffset";
    private static final String COMMIT_LOG_OFFSET = "commitLogOffset";
    private static final String DECISION = "decision";
    private static final String SOURCE = "source";

    public ResolveHalfRequestHeader {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(source, "source");
    }

    /**
     * @throws io.tandem.protocol.header.InvalidHeaderException naming the field that is missing or whose value no
     *                                                          constant has
     */
    public static ResolveHalfRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.TANDEM_RESOLVE_HALF, extFields));
    }

    public static ResolveHalfRequestHeader from(RemotingCommand request) {
        return fromExtFields(request.extFields());
    }

    private static ResolveHalfRequestHeader read(HeaderFields fields) {
        return new ResolveHalfRequestHeader(
                fields.requiredLong(HALF_OFFSET),
                fields.requiredLong(COMMIT_LOG_OFFSET),
                WireNames.required(fields, DECISION, Decision.class),
                WireNames.required(fields, SOURCE, DecisionSource.class));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put(HALF_OFFSET, halfOffset)
                .put(COMMIT_LOG_OFFSET, commitLogOffset)
                .put(DECISION, decision.wireName())
                .put(SOURCE, source.wireName())
                .toMap();
    }
}
