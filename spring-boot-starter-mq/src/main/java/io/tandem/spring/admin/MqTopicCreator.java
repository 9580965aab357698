package io.tandem.spring.admin;

import io.tandem.client.ClientConfig;
import io.tandem.client.MqBrokerException;
import io.tandem.client.MqClientException;
import io.tandem.client.admin.AdminClient;
import io.tandem.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the application's declared topics ({@link MqTopic}) that the name servers do not know yet, once every
 * singleton exists and before the listener containers start, with UPDATE_AND_CREATE_TOPIC on every master broker (the
 * request {@code mqadmin updateTopic} sends). A topic that exists is left as it is, whatever its queue count: creating
 * is idempotent and never changes a topic an operator configured. With no declared topic it does nothing and
 * connects nowhere.
 *
 * <p>Failure modes: a broker that refuses the creation for lack of permission (an ACL without {@code Create} on the
 * topic) fails the startup with an {@link IllegalStateException} naming the topic and what to change; brokers or name
 * servers that cannot be reached are logged and the application starts anyway (its clients find the topic as soon as
 * it is created).
 */
public final class MqTopicCreator implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(MqTopicCreator.class);

    private final ClientConfig clientConfig;
    private final List<MqTopic> topics;

    /**
     * @param topics the declared topics; the first declaration of a name wins
     */
    public MqTopicCreator(ClientConfig clientConfig, List<MqTopic> topics) {
        this.clientConfig = clientConfig;
        Map<String, MqTopic> byName = new LinkedHashMap<>();
        topics.forEach(topic -> byName.putIfAbsent(topic.name(), topic));
        this.topics = List.copyOf(byName.values());
    }

    /** The declared topics, without duplicates. */
    public List<MqTopic> topics() {
        return topics;
    }

    @Override
    public void afterSingletonsInstantiated() {
        createMissingTopics();
    }

    /**
     * Creates the declared topics the name servers do not know.
     *
     * @return the names of the topics created
     * @throws IllegalStateException if a broker refused to create one for lack of permission
     */
    public List<String> createMissingTopics() {
        if (topics.isEmpty()) {
            return List.of();
        }
        try (AdminClient admin = AdminClient.start(clientConfig)) {
            Set<String> existing = Set.copyOf(admin.listTopics());
            List<String> created = new ArrayList<>();
            for (MqTopic topic : topics) {
                if (existing.contains(topic.name())) {
                    continue;
                }
                create(admin, topic);
                created.add(topic.name());
            }
            if (!created.isEmpty()) {
                LOG.info("Created topics {}", created);
            }
            return List.copyOf(created);
        } catch (MqBrokerException e) {
            throw new IllegalStateException("Name server at " + e.address() + " refused to list the topics, so the"
                    + " declared topics (tandem.mq.topics or MqTopic beans) cannot be created: " + e.getMessage(), e);
        } catch (MqClientException e) {
            LOG.warn("Could not create the declared topics {}: {}; the application starts without them and its "
                    + "clients pick them up once they exist", topics.stream().map(MqTopic::name).toList(),
                    e.getMessage());
            return List.of();
        }
    }

    private static void create(AdminClient admin, MqTopic topic) {
        try {
            admin.createTopic(topic.toSettings());
        } catch (MqBrokerException e) {
            if (e.code() == ResponseCode.NO_PERMISSION) {
                throw new IllegalStateException("Broker at " + e.address() + " refused to create the declared topic "
                        + topic.name() + " (tandem.mq.topics or an MqTopic bean): no permission (" + e.remark()
                        + "). Grant the application's access key (tandem.mq.access-key) the Create action on topic "
                        + topic.name() + ", or create the topic beforehand and keep it declared (existing topics are"
                        + " left alone)", e);
            }
            throw new IllegalStateException("Broker at " + e.address() + " refused to create the declared topic "
                    + topic.name() + ": " + e.getMessage(), e);
        }
    }
}
