package io.tandem.server.txn;

import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.HalfDecisionList;
import io.tandem.protocol.body.HalfMessageList;
import io.tandem.protocol.txn.CheckHalfRequestHeader;
import io.tandem.protocol.txn.CheckHalfResponseHeader;
import io.tandem.protocol.txn.HalfDecisionsRequestHeader;
import io.tandem.protocol.txn.ListHalvesRequestHeader;
import io.tandem.protocol.txn.ParkHalfRequestHeader;
import io.tandem.protocol.txn.ResolveHalfRequestHeader;
import io.tandem.protocol.txn.ResolveHalfResponseHeader;
import io.tandem.protocol.txn.ResolveOutcome;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The requests a transaction coordinator drives the broker with (Tandem extensions, codes 100100..100104, typed in
 * {@code io.tandem.protocol.txn}): list undecided halves, send one check-back to a live producer, decide a half
 * (policy, operator or an answer that came through another channel), read the decisions recorded so far, and park or
 * resume a half. Decisions go through {@link TransactionService#decide}, so they are idempotent and durable before
 * they are acknowledged. A header that does not parse (a missing field, a decision or source no constant has) is
 * answered INVALID_PARAMETER naming the field.
 */
public final class TransactionAdminProcessor implements RequestProcessor {

    private static final int DEFAULT_PAGE = 1000;
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
        switch (code) {
            case RequestCode.TANDEM_LIST_HALVES -> list(context, ListHalvesRequestHeader.from(context.request()));
            case RequestCode.TANDEM_CHECK_HALF -> check(context, CheckHalfRequestHeader.from(context.request()));
            case RequestCode.TANDEM_RESOLVE_HALF -> resolve(context, ResolveHalfRequestHeader.from(context.request()));
            case RequestCode.TANDEM_HALF_DECISIONS ->
                    decisions(context, HalfDecisionsRequestHeader.from(context.request()));
            case RequestCode.TANDEM_PARK_HALF -> park(context, ParkHalfRequestHeader.from(context.request()));
            default -> throw new IllegalStateException("not a transaction admin request: " + code);
        }
    }

    private void list(RequestContext context, ListHalvesRequestHeader header) {
        long from = header.fromOffset();
        int max = page(header.max());
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

    private void check(RequestContext context, CheckHalfRequestHeader header) {
        long halfOffset = header.halfOffset();
        TransactionTable.Snapshot entry = transactions.table().undecided(halfOffset);
        if (entry == null) {
            context.respond(context.request().response(ResponseCode.SUCCESS)
                    .remark("half " + halfOffset + " is already decided")
                    .extFields(new CheckHalfResponseHeader(false).toExtFields()));
            return;
        }
        int checkNumber = entry.checks() + 1;
        boolean sent = transactions.sendCheck(entry.half(), checkNumber, entry.nextCheckAtMs());
        context.respond(context.request().response(ResponseCode.SUCCESS)
                .remark(sent ? null : "no producer of group " + entry.half().producerGroup() + " is connected")
                .extFields(new CheckHalfResponseHeader(sent).toExtFields()));
    }

    private void resolve(RequestContext context, ResolveHalfRequestHeader header) {
        long halfOffset = header.halfOffset();
        long position = header.commitLogOffset();
        transactions.decide(halfOffset, position, null, header.decision(), header.source())
                .whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        context.respondError(ResponseCode.SYSTEM_ERROR, "the decision could not be stored: "
                                + failure.getMessage());
                        return;
                    }
                    switch (outcome) {
                        case DECIDED -> context.respond(context.request().response(ResponseCode.SUCCESS)
                                .extFields(new ResolveHalfResponseHeader(ResolveOutcome.DECIDED).toExtFields()));
                        case ALREADY_DECIDED -> context.respond(context.request().response(ResponseCode.SUCCESS)
                                .remark("half " + halfOffset + " was already decided")
                                .extFields(new ResolveHalfResponseHeader(ResolveOutcome.ALREADY_DECIDED)
                                        .toExtFields()));
                        case MISMATCH, NOT_FOUND -> context.respondError(ResponseCode.SYSTEM_ERROR, "half "
                                + halfOffset + " at commit-log offset " + position + ": " + outcome);
                    }
                });
    }

    private void decisions(RequestContext context, HalfDecisionsRequestHeader header) {
        long from = header.fromOpOffset();
        int max = page(header.max());
        List<TransactionService.OpRecord> records = transactions.decisions(from, max);
        List<HalfDecisionList.Entry> decisions = new ArrayList<>(records.size());
        long next = from;
        for (TransactionService.OpRecord record : records) {
            Optional<HalfMessage> half = transactions.storedHalf(record.halfOffset());
            decisions.add(new HalfDecisionList.Entry(record.opOffset(), record.halfOffset(), record.decision(),
                    record.source(), record.uniqueKey(), record.producerGroup(), record.decidedAtMs(),
                    half.map(HalfMessage::realTopic).orElse(null), half.map(HalfMessage::realQueueId).orElse(null),
                    half.map(HalfMessage::keys).orElse(null), half.map(HalfMessage::storedAtMs).orElse(null)));
            next = record.opOffset() + 1;
        }
        context.respond(context.request().response(ResponseCode.SUCCESS)
                .body(new HalfDecisionList(decisions, next).toJson()));
    }

    private void park(RequestContext context, ParkHalfRequestHeader header) {
        long halfOffset = header.halfOffset();
        if (header.parked()) {
            transactions.table().park(halfOffset);
            context.respondSuccess();
        } else {
            boolean resumed = transactions.table().resume(halfOffset, clock.millis());
            context.respond(context.request().response(ResponseCode.SUCCESS)
                    .remark(resumed ? null : "half " + halfOffset + " is not parked"));
        }
    }

    private static int page(Integer max) {
        return max == null ? DEFAULT_PAGE : Math.max(1, Math.min(max, MAX_PAGE));
    }
}
