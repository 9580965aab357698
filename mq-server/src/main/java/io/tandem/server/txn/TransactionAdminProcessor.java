package io.tandem.server.txn;

import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.HalfDecisionList;
import io.tandem.protocol.body.HalfMessageList;
import io.tandem.protocol.header.HeaderFields;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The requests a transaction coordinator drives the broker with (Tandem extensions, codes 100100..100104): list
 * undecided halves, send one check-back to a live producer, decide a half (policy, operator or an answer that came
 * through another channel), read the decisions recorded so far (each with its half's topic, queue, keys and store
 * time, read from the half queue), and park or resume a half. Decisions go through
 * {@link TransactionService#decide}, so they are idempotent and durable before they are acknowledged.
 */
public final class TransactionAdminProcessor implements RequestProcessor {

    private static final int MAX_PAGE = 10_000;

    private final TransactionService transactions;
    private final Clock clock;

    public TransactionAdminProcessor(TransactionService transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void process(RequestContext context) {
        int code = context.request().code();
        HeaderFields fields = HeaderFields.forRequest(code, context.request().extFields());
        switch (code) {
            case RequestCode.TANDEM_LIST_HALVES -> list(context, fields);
            case RequestCode.TANDEM_CHECK_HALF -> check(context, fields);
            case RequestCode.TANDEM_RESOLVE_HALF -> resolve(context, fields);
            case RequestCode.TANDEM_HALF_DECISIONS -> decisions(context, fields);
            case RequestCode.TANDEM_PARK_HALF -> park(context, fields);
            default -> throw new IllegalStateException("not a transaction admin request: " + code);
        }
    }

    private void list(RequestContext context, HeaderFields fields) {
        long from = orDefault(fields.optionalLong("fromOffset"), 0L);
        int max = page(fields.optionalInt("max"));
        List<HalfMessageList.Half> halves = new ArrayList<>();
        long next = from;
        for (TransactionTable.Snapshot entry : transactions.table().undecided()) {
            HalfMessage half = entry.half();
            if (half.halfOffset() < from) {
                continue;
            }
            if (halves.size() == max) {
                break;
            }
            halves.add(new HalfMessageList.Half(half.halfOffset(), half.position(), half.producerGroup(),
                    half.uniqueKey(), half.realTopic(), half.realQueueId(), half.keys(), half.storedAtMs(),
                    half.firstCheckAtMs(), entry.checks(), entry.lastAnswer(), entry.parked(),
                    entry.state() == TransactionTable.State.DECIDING));
            next = half.halfOffset() + 1;
        }
        context.respond(context.request().response(ResponseCode.SUCCESS)
                .body(new HalfMessageList(halves, next).toJson()));
    }

    private void check(RequestContext context, HeaderFields fields) {
        long halfOffset = fields.requiredLong("halfOffset");
        TransactionTable.Snapshot entry = transactions.table().undecided(halfOffset);
        if (entry == null) {
            context.respond(context.request().response(ResponseCode.SUCCESS)
                    .remark("half " + halfOffset + " is already decided").extField("sent", "false"));
            return;
        }
        int checkNumber = entry.checks() + 1;
        boolean sent = transactions.sendCheck(entry.half(), checkNumber, entry.nextCheckAtMs());
        context.respond(context.request().response(ResponseCode.SUCCESS)
                .remark(sent ? null : "no producer of group " + entry.half().producerGroup() + " is connected")
                .extField("sent", Boolean.toString(sent)));
    }

    private void resolve(RequestContext context, HeaderFields fields) {
        long halfOffset = fields.requiredLong("halfOffset");
        long position = fields.requiredLong("commitLogOffset");
        Decision decision;
        DecisionSource source;
        try {
            decision = Decision.valueOf(fields.requiredString("decision"));
            source = DecisionSource.valueOf(fields.requiredString("source"));
        } catch (IllegalArgumentException e) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "decision must be COMMIT or ROLLBACK and source one of "
                    + List.of(DecisionSource.values()) + ": " + e.getMessage());
            return;
        }
        transactions.decide(halfOffset, position, null, decision, source).whenComplete((outcome, failure) -> {
            if (failure != null) {
                context.respondError(ResponseCode.SYSTEM_ERROR, "the decision could not be stored: "
                        + failure.getMessage());
                return;
            }
            switch (outcome) {
                case DECIDED -> context.respond(context.request().response(ResponseCode.SUCCESS)
                        .extField("outcome", outcome.name()));
                case ALREADY_DECIDED -> context.respond(context.request().response(ResponseCode.SUCCESS)
                        .remark("half " + halfOffset + " was already decided").extField("outcome", outcome.name()));
                case MISMATCH, NOT_FOUND -> context.respondError(ResponseCode.SYSTEM_ERROR, "half " + halfOffset
                        + " at commit-log offset " + position + ": " + outcome);
            }
        });
    }

    private void decisions(RequestContext context, HeaderFields fields) {
        long from = orDefault(fields.optionalLong("fromOpOffset"), 0L);
        int max = page(fields.optionalInt("max"));
        List<TransactionService.OpRecord> records = transactions.decisions(from, max);
        List<HalfDecisionList.Decision> decisions = new ArrayList<>(records.size());
        long next = from;
        for (TransactionService.OpRecord record : records) {
            Optional<HalfMessage> half = transactions.storedHalf(record.halfOffset());
            decisions.add(new HalfDecisionList.Decision(record.opOffset(), record.halfOffset(),
                    record.decision().name(), record.source().name(), record.uniqueKey(), record.producerGroup(),
                    record.decidedAtMs(), half.map(HalfMessage::realTopic).orElse(null),
                    half.map(HalfMessage::realQueueId).orElse(null), half.map(HalfMessage::keys).orElse(null),
                    half.map(HalfMessage::storedAtMs).orElse(null)));
            next = record.opOffset() + 1;
        }
        context.respond(context.request().response(ResponseCode.SUCCESS)
                .body(new HalfDecisionList(decisions, next).toJson()));
    }

    private void park(RequestContext context, HeaderFields fields) {
        long halfOffset = fields.requiredLong("halfOffset");
        boolean parked = fields.requiredBoolean("parked");
        if (parked) {
            transactions.table().park(halfOffset);
            context.respondSuccess();
        } else {
            boolean resumed = transactions.table().resume(halfOffset, clock.millis());
            context.respond(context.request().response(ResponseCode.SUCCESS)
                    .remark(resumed ? null : "half " + halfOffset + " is not parked"));
        }
    }

    private static int page(Integer max) {
        return max == null ? 1000 : Math.max(1, Math.min(max, MAX_PAGE));
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
