package io.tandem.client.consumer;

import io.tandem.client.MqClientException;
import io.tandem.client.internal.ClientInstance;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.body.LockBatchRequestBody;
import io.tandem.protocol.body.LockBatchResponseBody;
import io.tandem.protocol.body.MessageQueue;
import io.tandem.protocol.body.UnlockBatchRequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The broker-side queue locks of an orderly clustering consumer (fact sheet 2.12): LOCK_BATCH_MQ and
 * UNLOCK_BATCH_MQ, one request per broker. Thread-safe.
 */
final class QueueLocks {

    private static final Logger LOG = LoggerFactory.getLogger(QueueLocks.class);

    private final ClientInstance instance;
    private final String group;

    QueueLocks(ClientInstance instance, String group) {
        this.instance = instance;
        this.group = group;
    }

    /** Locks {@code queues}; returns those this client now holds (failures are logged and count as not held). */
    Set<MessageQueue> lock(Collection<MessageQueue> queues) {
        Set<MessageQueue> granted = new HashSet<>();
        byBroker(queues).forEach((brokerName, mine) -> {
            String address = instance.masterAddress(brokerName);
            if (address == null) {
                return;
            }
            try {
                RemotingCommand response = instance.invokeSync(address,
                        RemotingCommand.request(RequestCode.LOCK_BATCH_MQ)
                                .extFields(Map.of())
                                .body(new LockBatchRequestBody(group, instance.clientId(), false,
                                        new LinkedHashSet<>(mine)).toJson())
                                .build());
                if (response.code() == ResponseCode.SUCCESS) {
                    granted.addAll(LockBatchResponseBody.fromJson(response.body()).lockOKMQSet());
                } else {
                    LOG.debug("Locking {} refused by {}: {} {}", mine, address,
                            ResponseCode.describe(response.code()), response.remark());
                }
            } catch (MqClientException e) {
                LOG.debug("Locking {} at {} failed: {}", mine, address, e.toString());
            }
        });
        granted.retainAll(new HashSet<>(queues));
        return granted;
    }

    /** Releases {@code queues}, waiting for the brokers' answers; failures are logged. */
    void unlock(Collection<MessageQueue> queues) {
        byBroker(queues).forEach((brokerName, mine) -> {
            String address = instance.masterAddress(brokerName);
            if (address == null) {
                return;
            }
            try {
                instance.invokeSync(address, RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ)
                        .extFields(Map.of())
                        .body(new UnlockBatchRequestBody(group, instance.clientId(), false,
                                new LinkedHashSet<>(mine)).toJson())
                        .build());
            } catch (MqClientException e) {
                LOG.debug("Unlocking {} at {} failed: {}", mine, address, e.toString());
            }
        });
    }

    private static Map<String, List<MessageQueue>> byBroker(Collection<MessageQueue> queues) {
        return queues.stream().collect(Collectors.groupingBy(MessageQueue::brokerName));
    }
}
