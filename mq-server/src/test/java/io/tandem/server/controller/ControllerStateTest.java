package io.tandem.server.controller;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerStateTest {

    private final ControllerState state = new ControllerState();

    private void groupOfThree() {
        state.apply(ControllerCommand.join("g", 1, "127.0.0.1:1001"));
        state.apply(ControllerCommand.join("g", 2, "127.0.0.1:1002"));
        state.apply(ControllerCommand.join("g", 3, "127.0.0.1:1003"));
        assertThat(state.apply(ControllerCommand.alterInSync("g", 1, 1, Set.of(1L, 2L))).accepted()).isTrue();
    }

    @Test
    void shouldMakeTheFirstMemberLeaderAtEpochOne() {
        Outcome first = state.apply(ControllerCommand.join("g", 1, "127.0.0.1:1001"));
        Outcome second = state.apply(ControllerCommand.join("g", 2, "127.0.0.1:1002"));

        assertThat(first.group()).isEqualTo(new GroupState("g", java.util.Map.of(1L, "127.0.0.1:1001"), 1L, 1,
                Set.of(1L)));
        assertThat(second.group().leader()).isEqualTo(1L);
        assertThat(second.group().inSync()).as("a new member is not in sync until the leader says so")
                .containsExactly(1L);
        assertThat(second.group().leaderAddress()).isEqualTo("127.0.0.1:1001");
    }

    @Test
    void shouldElectAnInSyncMemberAtTheNextEpochAndDropTheDeposedLeaderFromTheSet() {
        groupOfThree();

        Outcome elected = state.apply(ControllerCommand.elect("g", 2, 1, false));

        assertThat(elected.accepted()).isTrue();
        assertThat(elected.group().leader()).isEqualTo(2L);
        assertThat(elected.group().epoch()).isEqualTo(2);
        assertThat(elected.group().inSync()).containsExactly(2L);
    }

    @Test
    void shouldRefuseToElectAnOutOfSyncMemberUnlessAllowed() {
        groupOfThree();

        Outcome refused = state.apply(ControllerCommand.elect("g", 3, 1, false));
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.reason()).contains("not in the in-sync set");
        assertThat(state.group("g").orElseThrow().leader()).isEqualTo(1L);

        Outcome unclean = state.apply(ControllerCommand.elect("g", 3, 1, true));
        assertThat(unclean.accepted()).isTrue();
        assertThat(unclean.group().inSync()).containsExactly(3L);
    }

    @Test
    void shouldRefuseAStaleElectionAndFenceTheDeposedLeader() {
        groupOfThree();
        state.apply(ControllerCommand.elect("g", 2, 1, false));

        assertThat(state.apply(ControllerCommand.elect("g", 1, 1, false)).reason()).contains("stale");
        Outcome fenced = state.apply(ControllerCommand.alterInSync("g", 1, 1, Set.of(1L, 3L)));
        assertThat(fenced.accepted()).isFalse();
        assertThat(fenced.reason()).contains("not the leader");
        assertThat(state.apply(ControllerCommand.alterInSync("g", 2, 2, Set.of(2L, 3L))).accepted()).isTrue();
        assertThat(state.apply(ControllerCommand.alterInSync("g", 2, 2, Set.of(3L))).reason())
                .contains("must hold its leader");
    }
}
