package io.tandem.bench.e2e.measure;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLogTest {

    @Test
    void shouldReportExactlyOnceWhenEveryAcknowledgedMessageIsConsumedOnce() {
        DeliveryLog log = new DeliveryLog(2);
        log.acknowledged(0, 0, 3);
        log.acknowledged(1, 0);
        log.consumed(1, 0);
        log.consumed(0, 2);
        log.consumed(0, 0);
        log.consumed(0, 1);

        assertThat(log.summary()).isEqualTo(new DeliverySummary(4, 4, 0, 0, 0, 0));
        assertThat(log.summary().exactlyOnce()).isTrue();
        assertThat(log.outstanding()).isZero();
    }

    @Test
    void shouldCountAcknowledgedMessagesNeverConsumedAsLost() {
        DeliveryLog log = new DeliveryLog(1);
        log.acknowledged(0, 0, 5);
        log.consumed(0, 0);
        log.consumed(0, 3);

        DeliverySummary summary = log.summary();

        assertThat(summary.lost()).isEqualTo(3);
        assertThat(summary.duplicates()).isZero();
        assertThat(summary.exactlyOnce()).isFalse();
        assertThat(log.outstanding()).isEqualTo(3);
    }

    @Test
    void shouldCountEveryRepeatedDeliveryAsADuplicate() {
        DeliveryLog log = new DeliveryLog(1);
        log.acknowledged(0, 0, 2);

        assertThat(log.consumed(0, 0)).isTrue();
        assertThat(log.consumed(0, 0)).isFalse();
        assertThat(log.consumed(0, 0)).isFalse();
        assertThat(log.consumed(0, 1)).isTrue();

        DeliverySummary summary = log.summary();
        assertThat(summary.duplicates()).isEqualTo(2);
        assertThat(summary.consumed()).isEqualTo(2);
        assertThat(summary.lost()).isZero();
        assertThat(summary.exactlyOnce()).isFalse();
    }

    @Test
    void shouldNotCountAConsumedMessageWhoseSendFailedAsAnError() {
        DeliveryLog log = new DeliveryLog(1);
        log.acknowledged(0, 0);
        log.consumed(0, 0);
        log.consumed(0, 1);

        DeliverySummary summary = log.summary();

        assertThat(summary.unacknowledgedConsumed()).isEqualTo(1);
        assertThat(summary.exactlyOnce()).isTrue();
    }

    @Test
    void shouldTreatAMessageOfAnUnknownStreamAsForeign() {
        DeliveryLog log = new DeliveryLog(2);

        assertThat(log.consumed(2, 0)).isFalse();
        assertThat(log.consumed(-1, 0)).isFalse();

        assertThat(log.summary().foreign()).isEqualTo(2);
        assertThat(log.summary().exactlyOnce()).isFalse();
    }

    @Test
    void shouldMatchAcknowledgementsAndDeliveriesRecordedConcurrently() throws InterruptedException {
        int streams = 4;
        int perStream = 20_000;
        DeliveryLog log = new DeliveryLog(streams);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int stream = 0; stream < streams; stream++) {
            int s = stream;
            pool.execute(() -> {
                for (int sequence = 0; sequence < perStream; sequence++) {
                    log.acknowledged(s, sequence);
                }
            });
            pool.execute(() -> {
                for (int sequence = perStream - 1; sequence >= 0; sequence--) {
                    if (sequence != 7) {
                        log.consumed(s, sequence);
                    }
                }
                log.consumed(s, 11);
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        DeliverySummary summary = log.summary();

        assertThat(summary.acknowledged()).isEqualTo((long) streams * perStream);
        assertThat(summary.lost()).isEqualTo(streams);
        assertThat(summary.duplicates()).isEqualTo(streams);
    }
}
