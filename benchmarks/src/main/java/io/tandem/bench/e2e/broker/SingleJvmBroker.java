package io.tandem.bench.e2e.broker;

import java.time.Duration;
import java.util.List;

/**
 * A broker that runs in one JVM (Tandem, Kafka in KRaft mode): what a launcher found out while starting it, and the
 * process to stop.
 */
record SingleJvmBroker(JvmProcess process, String endpoint, String software, String settings, String java,
                       Duration startTime) implements BrokerProcess {

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public List<JvmProcess> processes() {
        return List.of(process);
    }

    @Override
    public List<JvmProcess.StopReport> stop() {
        return List.of(process.stop());
    }
}
