package io.tandem.coordinator.broker;

import io.tandem.client.auth.CredentialsProvider;
import io.tandem.client.remoting.ClientTls;
import io.tandem.client.remoting.RemotingClient;
import io.tandem.client.remoting.RemotingClientConfig;
import io.tandem.coordinator.record.Decision;
import io.tandem.coordinator.record.DecisionSource;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.HalfDecisionList;
import io.tandem.protocol.body.HalfMessageList;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The coordinator's side of the broker's transaction admin requests (TANDEM_LIST_HALVES .. TANDEM_PARK_HALF), over
 * one {@link RemotingClient} for all brokers. Calls block the calling thread until the answer or the broker
 * timeout; the coordinator calls them from its duty thread and its (virtual) check threads.
 *
 * <p>Thread-safe. Failure modes: every failure (unreachable broker, timeout, an error answer) is a
 * {@link BrokerAdminException}; an interrupt while waiting keeps the thread's interrupt flag set and throws one too.
 */
public final class BrokerAdminClient implements AutoCloseable {

    private final RemotingClient client;
    private final Duration timeout;

    /** A client sending unsigned requests over plain TCP (brokers with authentication off). */
    public BrokerAdminClient(Duration timeout) {
        this(timeout, null, null);
    }

    /**
     * A client that signs every request with {@code credentials} (null: unsigned) and speaks TLS as {@code tls} says
     * (null: plain TCP). With authorization on, the user needs Update on the broker's cluster, or must be a super
     * user.
     */
    public BrokerAdminClient(Duration timeout, CredentialsProvider credentials, ClientTls tls) {
        this.client = new RemotingClient(RemotingClientConfig.builder().connectTimeout(timeout).tls(tls).build(),
                credentials);
        this.timeout = timeout;
    }

    /** Up to {@code max} undecided halves with offsets from {@code fromOffset}, in half-queue order. */
    public HalfMessageList listHalves(String broker, long fromOffset, int max) {
        RemotingCommand response = call(broker, RemotingCommand.request(RequestCode.TANDEM_LIST_HALVES)
                .extField("fromOffset", Long.toString(fromOffset))
                .extField("max", Integer.toString(max)));
        return HalfMessageList.fromJson(response.body());
    }

    /** The half at {@code halfOffset} if the broker still holds it undecided. */
    public Optional<HalfMessageList.Half> undecided(String broker, long halfOffset) {
        return listHalves(broker, halfOffset, 1).halves().stream()
                .filter(half -> half.halfOffset() == halfOffset)
                .findFirst();
    }

    /**
     * Asks the broker to send CHECK_TRANSACTION_STATE to a live producer connection of the half's group.
     *
     * @return whether it was sent (false: no producer of the group is connected, or the half is decided)
     */
    public boolean checkHalf(String broker, long halfOffset) {
        RemotingCommand response = call(broker, RemotingCommand.request(RequestCode.TANDEM_CHECK_HALF)
                .extField("halfOffset", Long.toString(halfOffset)));
        return Boolean.parseBoolean(response.extField("sent"));
    }

    /** Decides a half; the broker keeps the first decision of a half and stores it before answering. */
    public ResolveOutcome resolve(String broker, long halfOffset, long commitLogOffset, Decision decision,
                                  DecisionSource source) {
        RemotingCommand response = call(broker, RemotingCommand.request(RequestCode.TANDEM_RESOLVE_HALF)
                .extField("halfOffset", Long.toString(halfOffset))
                .extField("commitLogOffset", Long.toString(commitLogOffset))
                .extField("decision", decision.name())
                .extField("source", source.name()));
        String outcome = response.extField("outcome");
        try {
            return ResolveOutcome.valueOf(outcome);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BrokerAdminException("broker " + broker + " answered TANDEM_RESOLVE_HALF of half " + halfOffset
                    + " with outcome " + outcome);
        }
    }

    /** Up to {@code max} recorded decisions from op offset {@code fromOpOffset}, in the order they were recorded. */
    public HalfDecisionList decisions(String broker, long fromOpOffset, int max) {
        RemotingCommand response = call(broker, RemotingCommand.request(RequestCode.TANDEM_HALF_DECISIONS)
                .extField("fromOpOffset", Long.toString(fromOpOffset))
                .extField("max", Integer.toString(max)));
        return HalfDecisionList.fromJson(response.body());
    }

    /** Parks a half (the broker no longer counts it as checkable) or resumes it. */
    public void park(String broker, long halfOffset, boolean parked) {
        call(broker, RemotingCommand.request(RequestCode.TANDEM_PARK_HALF)
                .extField("halfOffset", Long.toString(halfOffset))
                .extField("parked", Boolean.toString(parked)));
    }

    @Override
    public void close() {
        client.close();
    }

    private RemotingCommand call(String broker, RemotingCommand.Builder request) {
        RemotingCommand command = request.build();
        CompletableFuture<RemotingCommand> future = client.invoke(broker, command, timeout);
        RemotingCommand response;
        try {
            response = future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new BrokerAdminException("interrupted while waiting for " + RequestCode.describe(command.code())
                    + " to " + broker, e);
        } catch (ExecutionException e) {
            throw new BrokerAdminException(RequestCode.describe(command.code()) + " to " + broker + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new BrokerAdminException(RequestCode.describe(command.code()) + " to " + broker
                    + " got no answer within " + timeout, e);
        }
        if (response.code() != ResponseCode.SUCCESS) {
            throw new BrokerAdminException(RequestCode.describe(command.code()) + " to " + broker + " answered "
                    + ResponseCode.describe(response.code()) + ": " + response.remark());
        }
        return response;
    }
}
