package io.tandem.app;

import io.tandem.coordinator.broker.BrokerDirectory;
import io.tandem.coordinator.check.CheckDuty;
import io.tandem.coordinator.record.RecordStatistics;
import io.tandem.coordinator.record.TransactionRecord;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the embedded transaction coordinator (contributor {@code coordinator}): UP while its duty cycle runs,
 * with its instance id, the brokers it serves and the pending and parked halves of its record; DOWN while the duty
 * is stopped. The record is queried on every call, so a record that cannot be read makes it DOWN with the error.
 * The record's database has its own contributor ({@code db}).
 */
public final class CoordinatorHealthIndicator implements HealthIndicator {

    private final CheckDuty duty;
    private final BrokerDirectory brokers;
    private final TransactionRecord record;
    private final String instanceId;

    public CoordinatorHealthIndicator(CheckDuty duty, BrokerDirectory brokers, TransactionRecord record,
                                      String instanceId) {
        this.duty = duty;
        this.brokers = brokers;
        this.record = record;
        this.instanceId = instanceId;
    }

    @Override
    public Health health() {
        Health.Builder health = new Health.Builder().withDetail("instanceId", instanceId);
        if (!duty.isRunning()) {
            return health.down().withDetail("reason", "not running").build();
        }
        RecordStatistics statistics = record.statistics();
        return health.up()
                .withDetail("brokers", brokers.addresses())
                .withDetail("pendingHalves", statistics.pending())
                .withDetail("parkedHalves", statistics.parked())
                .build();
    }
}
