package io.tandem.server.namesrv;

/**
 * What a name server answers a registration.
 *
 * @param accepted        false when the member's claim lost to a live member with a newer epoch (see
 *                        {@link BrokerRegistry#register})
 * @param reason          why it was refused, or null
 * @param leaderAddress   for a replica: its group's leader, or null
 * @param leaderHaAddress for a replica: the leader's replication endpoint, or null
 */
public record RegistrationResult(boolean accepted, String reason, String leaderAddress, String leaderHaAddress) {

    static RegistrationResult refused(String reason) {
        return new RegistrationResult(false, reason, null, null);
    }
}
