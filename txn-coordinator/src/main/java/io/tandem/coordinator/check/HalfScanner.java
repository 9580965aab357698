package io.tandem.coordinator.check;

import io.tandem.coordinator.broker.BrokerAdminClient;
import io.tandem.coordinator.record.HalfRecord;
import io.tandem.coordinator.record.HalfState;
import io.tandem.coordinator.record.TransactionRecord;
import io.tandem.protocol.body.HalfMessageList;

import java.time.Clock;
import java.util.List;

/**
 * Finds a broker's undecided halves (TANDEM_LIST_HALVES) and adds those the record does not have, due at the
 * broker's {@code checkAfterMs} (its store time plus the message's transaction timeout).
 *
 * <p>An incremental scan lists from the broker's half cursor (past the highest half seen); a full scan lists from
 * offset 0 and adds anything the incremental scans missed, such as a half whose store completed after a
 * higher-offset one was listed. Thread-safe; failure modes: {@code BrokerAdminException} or a
 * {@code DataAccessException}, with pages added before the failure kept.
 */
public final class HalfScanner {

    private final BrokerAdminClient admin;
    private final TransactionRecord record;
    private final int pageSize;
    private final Clock clock;

    public HalfScanner(BrokerAdminClient admin, TransactionRecord record, int pageSize, Clock clock) {
        this.admin = admin;
        this.record = record;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    /**
     * Lists the broker's undecided halves from its cursor, or from 0 when {@code full}.
     *
     * @return how many halves were new to the record
     */
    public int scan(String broker, boolean full) {
        long cursor = record.cursor(broker).nextHalfOffset();
        long from = full ? 0 : cursor;
        int added = 0;
        while (true) {
            HalfMessageList page = admin.listHalves(broker, from, pageSize);
            if (page.halves().isEmpty()) {
                return added;
            }
            long nowMs = clock.millis();
            List<HalfRecord> fresh = page.halves().stream().map(half -> pending(broker, half, nowMs)).toList();
            added += record.discover(broker, fresh, page.nextOffset());
            if (page.halves().size() < pageSize || page.nextOffset() <= from) {
                return added;
            }
            from = page.nextOffset();
        }
    }

    private static HalfRecord pending(String broker, HalfMessageList.Half half, long nowMs) {
        return new HalfRecord(null, broker, half.halfOffset(), half.commitLogOffset(), half.producerGroup(),
                half.transactionId(), half.topic(), half.queueId(), half.keys(), half.storedAtMs(),
                half.checkAfterMs(), half.parked() ? HalfState.PARKED : HalfState.PENDING, 0, null,
                half.checkAfterMs(), null, null, 0, nowMs, null, null, null);
    }
}
