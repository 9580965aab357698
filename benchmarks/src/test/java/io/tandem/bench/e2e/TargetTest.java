package io.tandem.bench.e2e;

import io.tandem.store.io.IoEngineKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TargetTest {

    @Test
    void shouldParseEveryLabelItPrints() {
        for (String label : new String[]{"rocketmq", "kafka", "tandem-uring", "tandem-pagecache", "tandem-mmap",
                "tandem-uring-tandemclient"}) {
            assertThat(Target.parse(label).label()).isEqualTo(label);
        }
        assertThat(Target.parse("tandem-mmap-tandemclient"))
                .isEqualTo(new Target(BrokerKind.TANDEM, IoEngineKind.MMAP, ClientKind.TANDEM));
    }

    @Test
    void shouldParseSignaturesAndTlsOfTandemDrivenByTheRocketMqClient() {
        for (String label : new String[]{"tandem-uring+signed", "tandem-uring+tls", "tandem-pagecache+signed+tls"}) {
            assertThat(Target.parse(label).label()).isEqualTo(label);
        }
        assertThat(Target.parse("tandem-uring+signed+tls"))
                .isEqualTo(new Target(BrokerKind.TANDEM, IoEngineKind.URING, ClientKind.ROCKETMQ, Security.SIGNED_TLS));
        assertThat(Target.parse("tandem-uring").security()).isEqualTo(Security.NONE);
    }

    @Test
    void shouldRefuseSignaturesAndTlsWhereTheyAreNotMeasured() {
        assertThatIllegalArgumentException().isThrownBy(() -> Target.parse("tandem-uring-tandemclient+tls"))
                .withMessageContaining("RocketMQ client");
        assertThatIllegalArgumentException().isThrownBy(() -> Target.parse("rocketmq+signed"));
        assertThatIllegalArgumentException().isThrownBy(() -> Target.parse("tandem-uring+tls+signed"))
                .withMessageContaining("+signed, +tls or both");
    }

    @Test
    void shouldParseBrokerGroupsBehindAStandAloneNameServer() {
        for (String label : new String[]{"tandem-uring-1group", "tandem-uring-2groups", "tandem-pagecache-3groups"}) {
            assertThat(Target.parse(label).label()).isEqualTo(label);
        }
        assertThat(Target.parse("tandem-uring-2groups"))
                .isEqualTo(new Target(BrokerKind.TANDEM, IoEngineKind.URING, ClientKind.ROCKETMQ, Security.NONE, 2));
        assertThat(Target.parse("tandem-uring").groups()).as("embedded name server").isZero();
    }

    @Test
    void shouldRefuseBrokerGroupsWhereTheyAreNotMeasured() {
        assertThatIllegalArgumentException().isThrownBy(() -> Target.parse("tandem-uring-tandemclient-2groups"))
                .withMessageContaining("several broker groups");
        assertThatIllegalArgumentException().isThrownBy(() -> Target.parse("tandem-uring+tls-2groups"))
                .withMessageContaining("several broker groups");
        assertThatIllegalArgumentException().isThrownBy(() -> Target.parse("tandem-uring-9groups"))
                .withMessageContaining("0 (one broker, embedded name server) to 8");
        assertThatIllegalArgumentException().isThrownBy(() -> Target.parse("rocketmq-2groups"));
    }

    @Test
    void shouldRefuseUnknownTargetsNamingTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> Target.parse("tandem-auto"))
                .withMessageContaining("tandem-pagecache");
        assertThatIllegalArgumentException().isThrownBy(() -> Target.parse("pulsar"));
    }

    @Test
    void shouldSendTransactionalWorkloadsToTandemAndRocketMqOnly() {
        Workload transactional = Workloads.named("txn-4t");

        assertThat(Target.parse("tandem-uring").supports(transactional)).isTrue();
        assertThat(Target.parse("rocketmq").supports(transactional)).isTrue();
        assertThat(Target.parse("kafka").supports(transactional)).isFalse();
        assertThat(Target.parse("tandem-uring-tandemclient").supports(transactional)).isTrue();
    }

    @Test
    void shouldRefuseWorkloadsTheGeneratorCannotSend() {
        Workload base = Workloads.named("batch-32");

        assertThatIllegalArgumentException().isThrownBy(() -> new Workload("x", 1024, 1, 8, 1, 1, 16, 32, 0, 1,
                false, Durability.ASYNC, base.warmup(), base.duration())).withMessageContaining("inFlight = 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new Workload("x", 10, 1, 8, 1, 1, 1, 1, 0, 1,
                false, Durability.ASYNC, base.warmup(), base.duration())).withMessageContaining("messageSize");
    }
}
