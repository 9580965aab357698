package io.tandem.server.txn;

import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.EndTransactionRequestHeader;
import io.tandem.protocol.txn.CheckOutcome;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.server.message.MessageWriter;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;

/**
 * END_TRANSACTION (37), fact sheet 2.9: the producer's decision about a half, after its local transaction or as the
 * answer to a check. Commit and rollback go to {@link TransactionService#decide}, which is idempotent; UNKNOWN only
 * records the answer. Oneway requests (what RocketMQ's client sends) get no answer; others are answered once the
 * decision is durable.
 */
public final class EndTransactionProcessor implements RequestProcessor {

    private final TransactionService transactions;

    public EndTransactionProcessor(TransactionService transactions) {
        this.transactions = transactions;
    }

    @Override
    public void process(RequestContext context) {
        EndTransactionRequestHeader header = EndTransactionRequestHeader.from(context.request());
        Decision decision = switch (header.commitOrRollback()) {
            case COMMIT -> Decision.COMMIT;
            case ROLLBACK -> Decision.ROLLBACK;
            case UNKNOWN -> null;
        };
        if (decision == null) {
            transactions.table().answered(header.tranStateTableOffset(), CheckOutcome.UNKNOWN);
            context.respondSuccess();
            return;
        }
        DecisionSource source = header.fromTransactionCheck() ? DecisionSource.CHECK : DecisionSource.PRODUCER;
        transactions.decide(header.tranStateTableOffset(), header.commitLogOffset(), header.producerGroup(), decision,
                source).whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        MessageWriter.Failure described = MessageWriter.describe(failure);
                        context.respondError(described.code(), "the decision could not be stored: "
                                + described.remark());
                        return;
                    }
                    switch (outcome) {
                        case DECIDED -> context.respondSuccess();
                        case ALREADY_DECIDED -> context.respond(context.request().response(ResponseCode.SUCCESS)
                                .remark("transaction " + header.msgId() + " was already decided"));
                        case MISMATCH -> context.respondError(ResponseCode.SYSTEM_ERROR, "END_TRANSACTION for "
                                + header.msgId() + " does not match its half message (producer group "
                                + header.producerGroup() + ", offsets " + header.tranStateTableOffset() + "/"
                                + header.commitLogOffset() + ")");
                        case NOT_FOUND -> context.respondError(ResponseCode.SYSTEM_ERROR,
                                "no half message at commit-log offset " + header.commitLogOffset());
                    }
                });
    }
}
