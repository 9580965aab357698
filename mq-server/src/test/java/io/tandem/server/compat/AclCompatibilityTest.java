package io.tandem.server.compat;

import io.tandem.protocol.txn.EndOfChecks;
import io.tandem.server.auth.AuthConfig;
import io.tandem.server.testing.RunningBroker;
import io.tandem.server.txn.CheckBackPolicy;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.body.AclInfo;
import org.apache.rocketmq.remoting.protocol.body.UserInfo;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The unmodified RocketMQ 5.3.3 client, its {@code AclClientRPCHook} and mqadmin's admin client against a broker
 * with authentication and authorization on: refusals carry the reason the client shows, and a normal user may do
 * exactly what its ACL allows.
 */
class AclCompatibilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String ADMIN = "root-admin";
    private static final String ADMIN_SECRET = "admin-secret-4f1d9c7b2e";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    final RunningBroker broker = RunningBroker.configured(config -> config
            .checkBack(new CheckBackPolicy(Duration.ofMillis(500), Duration.ofMillis(500), 15, EndOfChecks.ROLLBACK))
            .auth(AuthConfig.enabled(new AuthConfig.InitialUser(ADMIN, ADMIN_SECRET))));
    private final List<RocketMqClients> clientSets = new ArrayList<>();
    private DefaultMQAdminExt admin;
    private final String suffix = "-" + NAMES.incrementAndGet();

    @BeforeEach
    void start() throws Exception {
        admin = adminClient(ADMIN, ADMIN_SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        for (RocketMqClients clients : clientSets) {
            clients.close();
        }
        if (admin != null) {
            admin.shutdown();
        }
    }

    private DefaultMQAdminExt adminClient(String accessKey, String secretKey) throws MQClientException {
        DefaultMQAdminExt client = new DefaultMQAdminExt(hook(accessKey, secretKey), 5_000);
        client.setNamesrvAddr(broker.nameServerAddress());
        client.setInstanceName("acl-admin-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet());
        client.setVipChannelEnabled(false);
        client.start();
        return client;
    }

    private void createTopic(DefaultMQAdminExt client, String topic) throws Exception {
        client.createAndUpdateTopicConfig(broker.brokerAddress(), new TopicConfig(topic, 2, 2));
    }

    private static RPCHook hook(String accessKey, String secretKey) {
        return new AclClientRPCHook(new SessionCredentials(accessKey, secretKey));
    }

    private RocketMqClients clients(RPCHook hook) {
        RocketMqClients clients = new RocketMqClients(broker.nameServerAddress(), hook);
        clientSets.add(clients);
        return clients;
    }

    /** A normal user with one ACL entry per given resource, all with the same actions and decision. */
    private void user(String name, String secret) throws Exception {
        admin.createUser(broker.brokerAddress(), name, secret, "Normal");
    }

    private void allow(String name, List<String> resources, List<String> actions) throws Exception {
        admin.createAcl(broker.brokerAddress(), "User:" + name, resources, actions, null, "Allow");
    }

    private static Message message(String topic, String body) {
        return new Message(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseAClientWithoutCredentialsWithTheReason() throws Exception {
        DefaultMQAdminExt anonymous = new DefaultMQAdminExt(5_000);
        anonymous.setNamesrvAddr(broker.nameServerAddress());
        anonymous.setInstanceName("acl-anonymous-" + NAMES.incrementAndGet());
        anonymous.start();
        try {
            assertThatThrownBy(() -> anonymous.examineTopicRouteInfo("orders" + suffix))
                    .isInstanceOfSatisfying(MQClientException.class, e -> {
                        assertThat(e.getResponseCode()).isEqualTo(16);
                        assertThat(e.getErrorMessage()).isEqualTo("username cannot be null.");
                    });
            assertThatThrownBy(() -> createTopic(anonymous, "orders" + suffix))
                    .hasStackTraceContaining("username cannot be null.");
        } finally {
            anonymous.shutdown();
        }
        DefaultMQProducer producer = clients(null).producer("anonymous-producers" + suffix);
        assertThatThrownBy(() -> producer.send(message("orders" + suffix, "never")))
                .isInstanceOf(MQClientException.class);
    }

    @Test
    void shouldRefuseAWrongSecretAndAnUnknownUserWithTheReason() throws Exception {
        user("alice", "alice-secret-1234");
        DefaultMQAdminExt wrongSecret = adminClient("alice", "not-alice-secret");
        DefaultMQAdminExt unknown = adminClient("mallory", "whatever-secret");
        try {
            assertThatThrownBy(() -> wrongSecret.examineTopicRouteInfo("orders" + suffix))
                    .isInstanceOfSatisfying(MQClientException.class, e -> {
                        assertThat(e.getResponseCode()).isEqualTo(16);
                        assertThat(e.getErrorMessage()).isEqualTo("check signature failed.");
                    });
            assertThatThrownBy(() -> unknown.examineTopicRouteInfo("orders" + suffix))
                    .isInstanceOfSatisfying(MQClientException.class,
                            e -> assertThat(e.getErrorMessage()).isEqualTo("User:mallory is not found."));
        } finally {
            wrongSecret.shutdown();
            unknown.shutdown();
        }
    }

    @Test
    void shouldRefuseARequestAlteredAfterSigningAndATamperedSignature() throws Exception {
        createTopic(admin, "orders" + suffix);
        user("alice", "alice-secret-1234");
        allow("alice", List.of("Topic:orders" + suffix), List.of("Pub"));
        DefaultMQProducer bodySwapped = clients(tampering("alice", "alice-secret-1234", request -> {
            if (isSend(request)) {
                request.setBody("pay mallory".getBytes(StandardCharsets.UTF_8));
            }
        })).producer("body-swapping-producers" + suffix);
        DefaultMQProducer signatureFlipped = clients(tampering("alice", "alice-secret-1234", request -> {
            if (isSend(request)) {
                String signature = request.getExtFields().get("Signature");
                request.getExtFields().put("Signature",
                        (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1));
            }
        })).producer("signature-flipping-producers" + suffix);

        for (DefaultMQProducer producer : List.of(bodySwapped, signatureFlipped)) {
            assertThatThrownBy(() -> producer.send(message("orders" + suffix, "pay alice")))
                    .hasStackTraceContaining("check signature failed.");
        }
        DefaultMQAdminExt flipping = new DefaultMQAdminExt(tampering("alice", "alice-secret-1234", request ->
                request.getExtFields().put("Signature", "not base64!")), 5_000);
        flipping.setNamesrvAddr(broker.nameServerAddress());
        flipping.setInstanceName("acl-flipping-" + NAMES.incrementAndGet());
        flipping.start();
        try {
            assertThatThrownBy(() -> flipping.examineTopicRouteInfo("orders" + suffix))
                    .isInstanceOfSatisfying(MQClientException.class, e -> {
                        assertThat(e.getResponseCode()).isEqualTo(16);
                        assertThat(e.getErrorMessage()).startsWith("check signature failed.");
                    });
        } finally {
            flipping.shutdown();
        }
    }

    private static boolean isSend(RemotingCommand request) {
        return request.getCode() == org.apache.rocketmq.remoting.protocol.RequestCode.SEND_MESSAGE
                || request.getCode() == org.apache.rocketmq.remoting.protocol.RequestCode.SEND_MESSAGE_V2;
    }

    /** Signs like {@code AclClientRPCHook}, then changes the request as a man in the middle would. */
    private static RPCHook tampering(String accessKey, String secretKey,
                                     java.util.function.Consumer<RemotingCommand> change) {
        RPCHook signer = hook(accessKey, secretKey);
        return new RPCHook() {
            @Override
            public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
                signer.doBeforeRequest(remoteAddr, request);
                change.accept(request);
            }

            @Override
            public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
            }
        };
    }

    @Test
    void shouldLetAProducerPublishExactlyWhereItsPolicyAllows() throws Exception {
        createTopic(admin, "orders" + suffix);
        createTopic(admin, "payments" + suffix);
        user("alice", "alice-secret-1234");
        allow("alice", List.of("Topic:orders" + suffix), List.of("Pub"));
        allow("alice", List.of("Topic:payments" + suffix), List.of("Get"));
        DefaultMQProducer producer = clients(hook("alice", "alice-secret-1234")).producer("alice-producers" + suffix);

        assertThat(producer.send(message("orders" + suffix, "allowed")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        // Get lets it see the route of payments, but not publish there.
        assertThatThrownBy(() -> producer.send(message("payments" + suffix, "not allowed")))
                .rootCause().isInstanceOfSatisfying(MQBrokerException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(16);
                    assertThat(e.getErrorMessage()).isEqualTo("User:alice has no permission to access Topic:payments"
                            + suffix + " from 127.0.0.1, no matched policies.");
                });
        // A topic it may not even look up: the route lookup is refused and the client reports no route.
        createTopic(admin, "ledger" + suffix);
        assertThatThrownBy(() -> producer.send(message("ledger" + suffix, "not allowed")))
                .hasMessageContaining("No route info of this topic");
    }

    @Test
    void shouldLetAConsumerConsumeOnlyWithBothTopicAndGroupAllowed() throws Exception {
        String topic = "orders" + suffix;
        createTopic(admin, topic);
        user("bob", "bob-secret-12345");
        allow("bob", List.of("Topic:" + topic, "Group:billing" + suffix), List.of("Sub"));
        Deliveries deliveries = new Deliveries();
        DefaultMQPushConsumer consumer = clients(hook("bob", "bob-secret-12345")).pushConsumer("billing" + suffix);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(deliveries.acknowledging("bob"));
        consumer.start();

        DefaultMQProducer producer = clients(hook(ADMIN, ADMIN_SECRET)).producer("admin-producers" + suffix);
        producer.send(message(topic, "for-bob"));
        await().atMost(TIMEOUT).until(() -> deliveries.bodies().contains("for-bob"));

        // Same user, a group its ACL does not name: its pulls are refused, so nothing arrives although the
        // admin's own consumer of that group (sent after) sees the message.
        Deliveries refused = new Deliveries();
        DefaultMQPushConsumer outsider = clients(hook("bob", "bob-secret-12345")).pushConsumer("audit" + suffix);
        outsider.subscribe(topic, "*");
        outsider.registerMessageListener(refused.acknowledging("bob-audit"));
        outsider.start();
        Deliveries marker = new Deliveries();
        DefaultMQPushConsumer adminConsumer = clients(hook(ADMIN, ADMIN_SECRET)).pushConsumer("audit-admin" + suffix);
        adminConsumer.subscribe(topic, "*");
        adminConsumer.registerMessageListener(marker.acknowledging("admin"));
        adminConsumer.start();
        producer.send(message(topic, "marker"));
        await().atMost(TIMEOUT).until(() -> marker.bodies().contains("marker"));
        assertThat(refused.bodies()).isEmpty();
    }

    @Test
    void shouldAllowTransactionalSendAndCheckBackWithPublishRights() throws Exception {
        String topic = "payments" + suffix;
        createTopic(admin, topic);
        user("carol", "carol-secret-123");
        allow("carol", List.of("Topic:" + topic), List.of("Pub"));
        AtomicInteger checks = new AtomicInteger();
        TransactionMQProducer producer = clients(hook("carol", "carol-secret-123"))
                .transactionProducer("carol-tx" + suffix, new TransactionListener() {
                    @Override
                    public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                        return LocalTransactionState.UNKNOW;
                    }

                    @Override
                    public LocalTransactionState checkLocalTransaction(MessageExt message) {
                        checks.incrementAndGet();
                        return LocalTransactionState.COMMIT_MESSAGE;
                    }
                });
        producer.start();
        Deliveries deliveries = new Deliveries();
        DefaultMQPushConsumer consumer = clients(hook(ADMIN, ADMIN_SECRET)).pushConsumer("tx-readers" + suffix);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener(deliveries.acknowledging("admin"));
        consumer.start();

        producer.sendMessageInTransaction(message(topic, "checked-and-committed"), null);
        await().atMost(TIMEOUT).until(() -> deliveries.bodies().contains("checked-and-committed"));
        assertThat(checks.get()).isPositive();
    }

    @Test
    void shouldLetADenyWinOverAnAllowForTheSameRequest() throws Exception {
        createTopic(admin, "orders" + suffix);
        createTopic(admin, "secret-ledger" + suffix);
        user("dave", "dave-secret-1234");
        allow("dave", List.of("Topic:*"), List.of("Pub"));
        admin.createAcl(broker.brokerAddress(), "User:dave", List.of("Topic:secret-*"), List.of("Pub", "Sub"), null,
                "Deny");
        DefaultMQProducer producer = clients(hook("dave", "dave-secret-1234")).producer("dave-producers" + suffix);

        assertThat(producer.send(message("orders" + suffix, "fine")).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThatThrownBy(() -> producer.send(message("secret-ledger" + suffix, "no")))
                .hasStackTraceContaining("User:dave has no permission to access Topic:secret-ledger" + suffix
                        + " from 127.0.0.1, the decision is deny.");
    }

    @Test
    void shouldManageUsersAndAclsThroughMqadminAndLimitAdministration() throws Exception {
        user("erin", "erin-secret-1234");
        allow("erin", List.of("Topic:erin-*"), List.of("Create", "Pub"));
        UserInfo erin = admin.getUser(broker.brokerAddress(), "erin");
        assertThat(erin.getUsername()).isEqualTo("erin");
        assertThat(erin.getUserType()).isEqualTo("Normal");
        assertThat(erin.getPassword()).as("secrets are never sent back").isNull();
        assertThat(admin.listUser(broker.brokerAddress(), null)).extracting(UserInfo::getUsername)
                .containsExactly("erin", ADMIN);
        AclInfo acl = admin.getAcl(broker.brokerAddress(), "User:erin");
        assertThat(acl.getSubject()).isEqualTo("User:erin");
        assertThat(acl.getPolicies().getFirst().getEntries().getFirst().getResource()).isEqualTo("Topic:erin-*");

        DefaultMQAdminExt erinAdmin = adminClient("erin", "erin-secret-1234");
        try {
            createTopic(erinAdmin, "erin-topic" + suffix);
            assertThatThrownBy(() -> createTopic(erinAdmin, "other" + suffix))
                    .hasStackTraceContaining("no permission to access Topic:other" + suffix);
            assertThatThrownBy(() -> erinAdmin.createUser(broker.brokerAddress(), "eve", "eve-secret-123", "Super"))
                    .hasStackTraceContaining("no permission to access Cluster:DefaultCluster");
        } finally {
            erinAdmin.shutdown();
        }

        admin.updateUser(broker.brokerAddress(), "erin", "erin-rotated-5678", "Normal", "enable");
        DefaultMQAdminExt oldSecret = adminClient("erin", "erin-secret-1234");
        try {
            assertThatThrownBy(() -> oldSecret.examineTopicRouteInfo("erin-topic" + suffix))
                    .hasMessageContaining("check signature failed.");
        } finally {
            oldSecret.shutdown();
        }
        admin.deleteAcl(broker.brokerAddress(), "User:erin", "Topic:erin-*");
        admin.deleteUser(broker.brokerAddress(), "erin");
        assertThat(admin.getUser(broker.brokerAddress(), "erin")).isNull();

        Path users = broker.directory().resolve("config").resolve("users.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).isEqualTo("rw-------");
    }
}
