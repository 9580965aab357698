package io.tandem.client.internal;

import io.tandem.client.MqBrokerException;
import io.tandem.client.MqClientException;
import io.tandem.client.MqConnectException;
import io.tandem.client.MqTimeoutException;
import io.tandem.client.remoting.RemotingConnectException;
import io.tandem.client.remoting.RemotingTimeoutException;
import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.ResponseCode;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns transport failures and refusing responses into the client's exceptions, and waits for futures. */
public final class Calls {

    private Calls() {
    }

    /**
     * Waits for {@code future} and returns its value, rethrowing its failure as an {@link MqClientException}.
     *
     * @throws MqClientException the future's failure, or a wrapper of an unexpected one; also when interrupted (the
     *                           interrupt flag is restored)
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqClientException("interrupted while waiting for a response", e);
        } catch (ExecutionException e) {
            throw asClientException(e.getCause());
        } catch (CancellationException e) {
            throw new MqClientException("the request was cancelled", e);
        }
    }

    /** {@code failure} (unwrapped from completion wrappers) as an {@link MqClientException}. */
    public static MqClientException asClientException(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof MqClientException clientException) {
            return clientException;
        }
        return new MqClientException(String.valueOf(cause.getMessage()), cause);
    }

    /** The cause inside {@link CompletionException} and {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A transport failure of a request to {@code address} as the client exception callers see. */
    static MqClientException translate(Throwable failure, String address, int requestCode, Duration timeout) {
        Throwable cause = unwrap(failure);
        if (cause instanceof MqClientException clientException) {
            return clientException;
        } else if (cause instanceof RemotingTimeoutException timedOut) {
            return new MqTimeoutException(address, requestCode, timeout, timedOut);
        } else if (cause instanceof RemotingConnectException lost) {
            return new MqConnectException(address, requestCode, lost);
        } else if (cause instanceof IllegalStateException closed) {
            return new MqClientException("client is closed", closed);
        } else if (cause instanceof ProtocolException bad) {
            return new MqClientException("cannot encode request to " + address + ": " + bad.getMessage(), bad);
        }
        return new MqClientException("request to " + address + " failed: " + cause, cause);
    }

    /** The exception for a response whose code means the request was refused. */
    public static MqBrokerException refused(RemotingCommand response, String address, int requestCode) {
        return new MqBrokerException(response.code(), response.remark(), address, requestCode);
    }

    /** Whether a failure means the peer was unreachable or silent (worth trying another server or later). */
    public static boolean isTransportFailure(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof MqConnectException || cause instanceof MqTimeoutException;
    }

    /**
     * Whether a failure suggests that the broker group's leader moved or went away: the broker was unreachable or
     * silent, or it refused with SERVICE_NOT_AVAILABLE (a deposed leader, a replica, a broker shutting down) or
     * NOT_LEADER_FOR_QUEUE. The caller should look the route up again rather than wait for the refresh timer.
     */
    public static boolean suggestsLeaderChange(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof MqBrokerException refused) {
            return refused.code() == ResponseCode.SERVICE_NOT_AVAILABLE
                    || refused.code() == ResponseCode.NOT_LEADER_FOR_QUEUE;
        }
        return isTransportFailure(cause);
    }
}
