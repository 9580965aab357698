package io.tandem.server.auth;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclTest {

    private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    private static PolicyEntry entry(String resource, Decision decision, Action... actions) {
        return new PolicyEntry(Resource.parse(resource), EnumSet.of(actions[0], actions), List.of(), decision);
    }

    private static Decision decide(Acl acl, Resource resource, Action action, InetAddress source) {
        PolicyEntry entry = acl.decidingEntry(resource, EnumSet.of(action), source);
        return entry == null ? null : entry.decision();
    }

    @Test
    void shouldLetAnyMatchingDenyWinOverANarrowerAllow() {
        Acl acl = new Acl("alice", Map.of(PolicyType.CUSTOM, List.of(
                entry("Topic:orders", Decision.ALLOW, Action.PUB),
                entry("Topic:ord*", Decision.DENY, Action.PUB),
                entry("Topic:*", Decision.ALLOW, Action.SUB))));

        assertThat(decide(acl, Resource.topic("orders"), Action.PUB, LOCAL)).isEqualTo(Decision.DENY);
        assertThat(decide(acl, Resource.topic("orders"), Action.SUB, LOCAL)).isEqualTo(Decision.ALLOW);
        assertThat(decide(acl, Resource.topic("payments"), Action.PUB, LOCAL)).isNull();
    }

    @Test
    void shouldConsultTheDefaultPolicyOnlyWhenNoCustomEntryMatches() {
        Acl acl = new Acl("alice", Map.of(
                PolicyType.CUSTOM, List.of(entry("Topic:orders", Decision.ALLOW, Action.PUB)),
                PolicyType.DEFAULT, List.of(entry("*", Decision.DENY, Action.ALL))));

        assertThat(decide(acl, Resource.topic("orders"), Action.PUB, LOCAL)).isEqualTo(Decision.ALLOW);
        assertThat(decide(acl, Resource.group("%RETRY%billing"), Action.SUB, LOCAL)).isEqualTo(Decision.DENY);
    }

    @Test
    void shouldMatchSourceRangesAndNeverResolveNames() throws Exception {
        PolicyEntry entry = new PolicyEntry(Resource.parse("Group:billing"), EnumSet.of(Action.SUB),
                List.of(SourceRange.parse("10.1.0.0/16"), SourceRange.parse("::1")), Decision.ALLOW);

        assertThat(entry.matches(Resource.group("billing"), EnumSet.of(Action.SUB),
                InetAddress.getByName("10.1.200.7"))).isTrue();
        assertThat(entry.matches(Resource.group("billing"), EnumSet.of(Action.SUB),
                InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(entry.matches(Resource.group("billing"), EnumSet.of(Action.SUB),
                InetAddress.getByName("::1"))).isTrue();
        assertThatThrownBy(() -> SourceRange.parse("localhost")).hasMessageContaining("'localhost'");
        assertThatThrownBy(() -> SourceRange.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
    }

    @Test
    void shouldParseResourceKeysAsAcl2AndNameWhatIsWrong() {
        assertThat(Resource.parse("Topic:order-*")).isEqualTo(
                new Resource(Resource.Type.TOPIC, "order-", Resource.Pattern.PREFIXED));
        assertThat(Resource.parse("group:*").key()).isEqualTo("Group:*");
        assertThat(Resource.parse("*").covers(Resource.cluster("DefaultCluster"))).isTrue();
        assertThatThrownBy(() -> Resource.parse("Namespace:x")).hasMessageContaining("'Namespace:x'");
        assertThatThrownBy(() -> Action.parse("Any")).hasMessageContaining("'Any'");
    }

    @Test
    void shouldDelayOnlyRepeatedFailuresBoundedAndForgetAfterAQuietMinute() {
        MutableClock clock = new MutableClock();
        FailureThrottle throttle = new FailureThrottle(clock, Duration.ofMillis(100), Duration.ofSeconds(1));
        InetAddress source = InetAddress.getLoopbackAddress();

        for (int i = 0; i < FailureThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.failed(source)).isZero();
        }
        assertThat(throttle.failed(source)).isEqualTo(Duration.ofMillis(100));
        assertThat(throttle.failed(source)).isEqualTo(Duration.ofMillis(200));
        for (int i = 0; i < 40; i++) {
            throttle.failed(source);
        }
        assertThat(throttle.failed(source)).isEqualTo(Duration.ofSeconds(1));

        clock.advance(FailureThrottle.MEMORY);
        assertThat(throttle.failed(source)).isZero();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
