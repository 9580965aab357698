package io.tandem.protocol.txn;

import java.util.Objects;

/**
 * One decision as its op record holds it ({@link TransactionOpDescriptor}); read and written with
 * {@link TransactionOpCodec}.
 *
 * @param decision      commit or rollback
 * @param halfOffset    the half's queue offset in the half topic (its id on the broker), not negative
 * @param source        who decided
 * @param uniqueKey     the half's UNIQ_KEY; empty when unknown (null is taken as empty)
 * @param producerGroup the half's producer group; empty when unknown (null is taken as empty)
 */
public record TransactionOp(Decision decision, long halfOffset, DecisionSource source, String uniqueKey,
                            String producerGroup) {

    public TransactionOp {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(source, "source");
        if (halfOffset < 0) {
            throw new IllegalArgumentException("halfOffset must not be negative, was " + halfOffset);
        }
        uniqueKey = uniqueKey == null ? "" : uniqueKey;
        producerGroup = producerGroup == null ? "" : producerGroup;
    }
}
