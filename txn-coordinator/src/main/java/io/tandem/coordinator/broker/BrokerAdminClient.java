package io.tandem.coordinator.broker;

import io.tandem.client.auth.CredentialsProvider;
import io.tandem.client.remoting.ClientTls;
import io.tandem.client.remoting.RemotingClient;
import io.tandem.client.remoting.RemotingClientConfig;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.HalfDecisionList;
import io.tandem.protocol.body.HalfMessageList;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.txn.CheckHalfRequestHeader;
import io.tandem.protocol.txn.CheckHalfResponseHeader;
import io.tandem.protocol.txn.Decision;
import io.tandem.protocol.txn.DecisionSource;
import io.tandem.protocol.txn.HalfDecisionsRequestHeader;
import io.tandem.protocol.txn.ListHalvesRequestHeader;
import io.tandem.protocol.txn.ParkHalfRequestHeader;
import io.tandem.protocol.txn.ResolveHalfRequestHeader;
import io.tandem.protocol.txn.ResolveHalfResponseHeader;
import io.tandem.protocol.txn.ResolveOutcome;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The coordinator's side of the broker's transaction admin requests (TANDEM_LIST_HALVES .. TANDEM_PARK_HALF, typed in
 * {@code io.tandem.protocol.txn}), over one {@link RemotingClient} for all brokers. Calls block the calling thread
 * until the answer or the broker timeout; the coordinator calls them from its duty thread and its (virtual) check
 * threads.
 *
 * <p>Thread-safe. Failure modes: every failure (unreachable broker, timeout, an error answer, an answer whose header
 * or body does not parse, such as a value no constant of the contract has) is a {@link BrokerAdminException}; an
 * interrupt while waiting keeps the thread's interrupt flag set and throws one too.
 */
public final class BrokerAdminClient implements AutoCloseable {

    private final RemotingClient client;
    private final Duration timeout;
    private final BrokerDirectory directory;

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
        this(timeout, credentials, tls, List::of);
    }

    /**
     * Like {@link #BrokerAdminClient(Duration, CredentialsProvider, ClientTls)}, with every broker key resolved to an
     * address by {@code directory} (a broker group to its current leader), which hears of every failed request.
     */
    public BrokerAdminClient(Duration timeout, CredentialsProvider credentials, ClientTls tls,
                             BrokerDirectory directory) {
        this.client = new RemotingClient(RemotingClientConfig.builder().connectTimeout(timeout).tls(tls).build(),
                credentials);
        this.timeout = timeout;
        this.directory = directory;
    }

    /** Up to {@code max} undecided halves with offsets from {@code fromOffset}, in half-queue order. */
    public HalfMessageList listHalves(String broker, long fromOffset, int max) {
        RemotingCommand response = call(broker, RequestCode.TANDEM_LIST_HALVES,
                new ListHalvesRequestHeader(fromOffset, max));
        return read(broker, response, answer -> HalfMessageList.fromJson(answer.body()));
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
        RemotingCommand response = call(broker, RequestCode.TANDEM_CHECK_HALF, new CheckHalfRequestHeader(halfOffset));
        return read(broker, response, CheckHalfResponseHeader::from).sent();
    }

    /** Decides a half; the broker keeps the first decision of a half and stores it before answering. */
    public ResolveOutcome resolve(String broker, long halfOffset, long commitLogOffset, Decision decision,
                                  DecisionSource source) {
        RemotingCommand response = call(broker, RequestCode.TANDEM_RESOLVE_HALF,
                new ResolveHalfRequestHeader(halfOffset, commitLogOffset, decision, source));
        return read(broker, response, ResolveHalfResponseHeader::from).outcome();
    }

    /** Up to {@code max} recorded decisions from op offset {@code fromOpOffset}, in the order they were recorded. */
    public HalfDecisionList decisions(String broker, long fromOpOffset, int max) {
        RemotingCommand response = call(broker, RequestCode.TANDEM_HALF_DECISIONS,
                new HalfDecisionsRequestHeader(fromOpOffset, max));
        return read(broker, response, answer -> HalfDecisionList.fromJson(answer.body()));
    }

    /** Parks a half (the broker no longer counts it as checkable) or resumes it. */
    public void park(String broker, long halfOffset, boolean parked) {
        call(broker, RequestCode.TANDEM_PARK_HALF, new ParkHalfRequestHeader(halfOffset, parked));
    }

    @Override
    public void close() {
        client.close();
    }

    private RemotingCommand call(String broker, int code, CommandHeader header) {
        String address = directory.addressOf(broker);
        try {
            return call(broker, address, code, header);
        } catch (BrokerAdminException e) {
            directory.requestFailed(broker);
            throw e;
        }
    }

    private RemotingCommand call(String key, String address, int code, CommandHeader header) {
        String broker = key.equals(address) ? key : key + " (leader " + address + ")";
        RemotingCommand command = RemotingCommand.request(code).extFields(header.toExtFields()).build();
        CompletableFuture<RemotingCommand> future = client.invoke(address, command, timeout);
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

    /** Reads the answer's header or body; an answer that does not parse is the broker's failure too. */
    private static <T> T read(String broker, RemotingCommand response, Function<RemotingCommand, T> reader) {
        try {
            return reader.apply(response);
        } catch (ProtocolException e) {
            throw new BrokerAdminException("broker " + broker + " answered with " + e.getMessage(), e);
        }
    }
}
