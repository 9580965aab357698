package io.tandem.spring.autoconfigure;

import io.tandem.client.ClientConfig;
import io.tandem.client.consumer.ConsumeFrom;
import io.tandem.client.remoting.ClientTls;
import io.tandem.spring.listener.MqRetryBackOff;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the Tandem starter, under {@code tandem.mq}. Only {@code tandem.mq.name-server} usually needs a value;
 * every other setting has the client's default.
 */
@ConfigurationProperties("tandem.mq")
public class MqProperties {

    /** Name server addresses, host:port, several separated by ';'. */
    private String nameServer = "127.0.0.1:9876";

    /** Access key (user name) that signs every request for brokers with authentication on. */
    private String accessKey;

    /**
     * Secret key of the access key; give it through the environment ({@code TANDEM_MQ_SECRETKEY}) or a secret store.
     * Never logged, and hidden from the actuator.
     */
    private String secretKey;

    /**
     * Topics the application uses, created at startup on every master broker when the name servers do not know them
     * (existing topics are left as they are): {@code name} or {@code name:queues}, such as {@code Orders,Payments:8};
     * 4 queues when no count is given. {@code MqTopic} beans add to them.
     */
    private List<String> topics = new ArrayList<>();

    private final Tls tls = new Tls();

    private final Client client = new Client();

    private final Trace trace = new Trace();

    private final Producer producer = new Producer();

    private final Template template = new Template();

    private final Consumer consumer = new Consumer();

    private final Listener listener = new Listener();

    private final Jdbc jdbc = new Jdbc();

    private final Transaction transaction = new Transaction();

    private final CheckEndpoint checkEndpoint = new CheckEndpoint();

    public String getNameServer() {
        return nameServer;
    }

    public void setNameServer(String nameServer) {
        this.nameServer = nameServer;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    public List<String> getTopics() {
        return topics;
    }

    public void setTopics(List<String> topics) {
        this.topics = topics;
    }

    public Tls getTls() {
        return tls;
    }

    public CheckEndpoint getCheckEndpoint() {
        return checkEndpoint;
    }

    /**
     * Whether {@code key}, in any spelling Spring Boot binds (kebab, camel, environment variable), names one of the
     * starter's secrets.
     */
    static boolean isSecretKeyName(String key) {
        String normalized = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
        return normalized.endsWith("secretkey") || normalized.endsWith("keypassword")
                || normalized.endsWith("secret");
    }

    @Override
    public String toString() {
        return "MqProperties[nameServer=" + nameServer + ", accessKey=" + accessKey + ", secretKey="
                + (secretKey == null ? "null" : "***") + ", tls=" + tls + ", checkEndpoint=" + checkEndpoint + "]";
    }

    /**
     * Who may ask the HTTP check endpoint ({@code tandem.mq.check-endpoint}). With a secret, only requests the
     * coordinator signed with it (or with the previous one, during a rotation) within the allowed clock skew are
     * answered; every other request gets 401 with an empty body. Without a secret, only requests from this host
     * (loopback) are answered, unless {@code allow-unauthenticated} lets everyone in.
     */
    public static class CheckEndpoint {

        /**
         * Shared secret the coordinator signs its check requests with (its tandem.coordinator.http.secret); give it
         * through the environment (TANDEM_MQ_CHECKENDPOINT_SECRET) or a secret store. Never logged, and hidden
         * from the actuator.
         */
        private String secret;

        /**
         * The secret being replaced, still accepted while the coordinators switch to the new one; remove it once
         * they have.
         */
        private String previousSecret;

        /** How far a signed request's timestamp may lie before or after this application's clock. */
        private Duration maxClockSkew = Duration.ofMinutes(1);

        /**
         * Without a secret, answer requests from any address instead of from this host only: anyone who reaches the
         * endpoint learns the outcome of any transaction of the application. Warned about at every start.
         */
        private boolean allowUnauthenticated;

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        public String getPreviousSecret() {
            return previousSecret;
        }

        public void setPreviousSecret(String previousSecret) {
            this.previousSecret = previousSecret;
        }

        public Duration getMaxClockSkew() {
            return maxClockSkew;
        }

        public void setMaxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = maxClockSkew;
        }

        public boolean isAllowUnauthenticated() {
            return allowUnauthenticated;
        }

        public void setAllowUnauthenticated(boolean allowUnauthenticated) {
            this.allowUnauthenticated = allowUnauthenticated;
        }

        @Override
        public String toString() {
            return "CheckEndpoint[secret=" + (secret == null ? "null" : "***") + ", previousSecret="
                    + (previousSecret == null ? "null" : "***") + ", maxClockSkew=" + maxClockSkew
                    + ", allowUnauthenticated=" + allowUnauthenticated + "]";
        }
    }

    /** TLS to brokers and name servers ({@code tandem.mq.tls}). */
    public static class Tls {

        /** Whether to speak TLS to brokers and name servers. */
        private boolean enabled;

        /** PEM file of the authorities whose listener certificates are trusted; unset: the JVM's default ones. */
        private Path trustedCertificates;

        /** PEM file of this application's certificate, for listeners that require one (mutual TLS). */
        private Path certificateChain;

        /** PEM file of that certificate's private key (PKCS#8). */
        private Path privateKey;

        /** Password of an encrypted private key. */
        private String keyPassword;

        /** Whether the listener's certificate must name the host or IP address connected to. */
        private boolean verifyHostname = true;

        /** The client's TLS settings, or null when TLS is off. */
        ClientTls toClientTls() {
            if (!enabled) {
                return null;
            }
            ClientTls tls = trustedCertificates == null ? ClientTls.trustingDefaultAuthorities()
                    : ClientTls.trusting(trustedCertificates);
            if (certificateChain != null || privateKey != null) {
                if (certificateChain == null || privateKey == null) {
                    throw new IllegalStateException("tandem.mq.tls.certificate-chain and tandem.mq.tls.private-key "
                            + "must be set together");
                }
                tls = tls.withCertificate(certificateChain, privateKey);
            }
            if (keyPassword != null) {
                tls = tls.withKeyPassword(keyPassword);
            }
            return verifyHostname ? tls : tls.withoutHostnameVerification();
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Path getTrustedCertificates() {
            return trustedCertificates;
        }

        public void setTrustedCertificates(Path trustedCertificates) {
            this.trustedCertificates = trustedCertificates;
        }

        public Path getCertificateChain() {
            return certificateChain;
        }

        public void setCertificateChain(Path certificateChain) {
            this.certificateChain = certificateChain;
        }

        public Path getPrivateKey() {
            return privateKey;
        }

        public void setPrivateKey(Path privateKey) {
            this.privateKey = privateKey;
        }

        public String getKeyPassword() {
            return keyPassword;
        }

        public void setKeyPassword(String keyPassword) {
            this.keyPassword = keyPassword;
        }

        public boolean isVerifyHostname() {
            return verifyHostname;
        }

        public void setVerifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
        }

        @Override
        public String toString() {
            return "Tls[enabled=" + enabled + ", trustedCertificates=" + trustedCertificates + ", certificateChain="
                    + certificateChain + ", privateKey=" + privateKey + ", keyPassword="
                    + (keyPassword == null ? "null" : "***") + ", verifyHostname=" + verifyHostname + "]";
        }
    }

    public Client getClient() {
        return client;
    }

    public Trace getTrace() {
        return trace;
    }

    public Producer getProducer() {
        return producer;
    }

    public Template getTemplate() {
        return template;
    }

    public Consumer getConsumer() {
        return consumer;
    }

    public Listener getListener() {
        return listener;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }

    public Transaction getTransaction() {
        return transaction;
    }

    /**
     * Message trace: the producer and the listeners write RocketMQ's trace records ({@code Pub} per send,
     * {@code SubBefore}/{@code SubAfter} per consumed message, {@code EndTransaction} per transaction decision) to the
     * trace topic, where {@code mqadmin queryMsgTraceById} and the console find them.
     */
    public static class Trace {

        /** Whether the application's clients write message trace records. */
        private boolean enabled;

        /** The topic trace records go to. */
        private String topic = ClientConfig.DEFAULT_TRACE_TOPIC;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }
    }

    /** Connection settings shared by the producer and every consumer. */
    public static class Client {

        /** Id brokers know this application's clients by; generated per client when not set. */
        private String clientId;

        /** How long a single request waits for its response. */
        private Duration rpcTimeout = Duration.ofSeconds(3);

        /** How often every known broker receives a heartbeat. */
        private Duration heartbeatInterval = Duration.ofSeconds(30);

        /** How often the routes of used topics are read from the name server. */
        private Duration routeRefreshInterval = Duration.ofSeconds(30);

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public Duration getRpcTimeout() {
            return rpcTimeout;
        }

        public void setRpcTimeout(Duration rpcTimeout) {
            this.rpcTimeout = rpcTimeout;
        }

        public Duration getHeartbeatInterval() {
            return heartbeatInterval;
        }

        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }

        public Duration getRouteRefreshInterval() {
            return routeRefreshInterval;
        }

        public void setRouteRefreshInterval(Duration routeRefreshInterval) {
            this.routeRefreshInterval = routeRefreshInterval;
        }
    }

    /** Settings of the producer behind MqTemplate. */
    public static class Producer {

        /** Producer group; defaults to spring.application.name, else 'tandem-producer'. */
        private String group;

        /** Longest a synchronous send may take, the client's own retries included. */
        private Duration sendTimeout = Duration.ofSeconds(3);

        /**
         * Further attempts of a synchronous send on another queue after a retriable failure, within the send timeout.
         */
        private int retryTimes = 2;

        /** Further attempts of an asynchronous send after a network failure. */
        private int asyncRetryTimes = 2;

        /** Bodies of at least this size are compressed. */
        private DataSize compressThreshold = DataSize.ofKilobytes(4);

        /** Largest body, or batch, a send accepts. */
        private DataSize maxMessageSize = DataSize.ofMegabytes(4);

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public Duration getSendTimeout() {
            return sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        public int getRetryTimes() {
            return retryTimes;
        }

        public void setRetryTimes(int retryTimes) {
            this.retryTimes = retryTimes;
        }

        public int getAsyncRetryTimes() {
            return asyncRetryTimes;
        }

        public void setAsyncRetryTimes(int asyncRetryTimes) {
            this.asyncRetryTimes = asyncRetryTimes;
        }

        public DataSize getCompressThreshold() {
            return compressThreshold;
        }

        public void setCompressThreshold(DataSize compressThreshold) {
            this.compressThreshold = compressThreshold;
        }

        public DataSize getMaxMessageSize() {
            return maxMessageSize;
        }

        public void setMaxMessageSize(DataSize maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }
    }

    /** How MqTemplate retries failed sends and stops sending while the broker is unreachable. */
    public static class Template {

        /**
         * Whether sends are observed (timed, and traced with Micrometer Tracing) when there is an ObservationRegistry.
         */
        private boolean observationEnabled = true;

        private final Retry retry = new Retry();

        private final CircuitBreaker circuitBreaker = new CircuitBreaker();

        public boolean isObservationEnabled() {
            return observationEnabled;
        }

        public void setObservationEnabled(boolean observationEnabled) {
            this.observationEnabled = observationEnabled;
        }

        public Retry getRetry() {
            return retry;
        }

        public CircuitBreaker getCircuitBreaker() {
            return circuitBreaker;
        }
    }

    /** Retry of sends that failed transiently (broker unreachable, timed out or busy), with exponential back-off. */
    public static class Retry {

        /** Whether failed sends are retried. */
        private boolean enabled = true;

        /** Most attempts of one send, the first included. */
        private int maxAttempts = 3;

        /** Wait after the first failed attempt. */
        private Duration initialInterval = Duration.ofMillis(200);

        /** Factor applied to the wait after each further failed attempt. */
        private double multiplier = 2.0;

        /** Longest wait between two attempts. */
        private Duration maxInterval = Duration.ofSeconds(2);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialInterval() {
            return initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }
    }

    /**
     * Circuit breaker of sends: opens when too many recent attempts could not reach the broker, then refuses sends at
     * once until the wait in the open state is over.
     */
    public static class CircuitBreaker {

        /** Whether sends pass a circuit breaker. */
        private boolean enabled = true;

        /** Percentage of failed attempts among the recent ones at which the breaker opens. */
        private float failureRateThreshold = 50;

        /** How many recent attempts the failure rate is computed over. */
        private int slidingWindowSize = 10;

        /** Fewest recent attempts before the failure rate counts. */
        private int minimumNumberOfCalls = 5;

        /** How long the breaker stays open before it lets trial sends through. */
        private Duration waitDurationInOpenState = Duration.ofSeconds(10);

        /** Trial sends let through while half open. */
        private int permittedCallsInHalfOpenState = 1;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public float getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        public int getSlidingWindowSize() {
            return slidingWindowSize;
        }

        public void setSlidingWindowSize(int slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
        }

        public int getMinimumNumberOfCalls() {
            return minimumNumberOfCalls;
        }

        public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
            this.minimumNumberOfCalls = minimumNumberOfCalls;
        }

        public Duration getWaitDurationInOpenState() {
            return waitDurationInOpenState;
        }

        public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
            this.waitDurationInOpenState = waitDurationInOpenState;
        }

        public int getPermittedCallsInHalfOpenState() {
            return permittedCallsInHalfOpenState;
        }

        public void setPermittedCallsInHalfOpenState(int permittedCallsInHalfOpenState) {
            this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
        }
    }

    /** Consumer settings of every @MqListener, unless the annotation says otherwise. */
    public static class Consumer {

        /**
         * The brokers' delay levels, level 1 first, as the brokers are configured (tandem.broker.delay-levels); retry
         * back-offs are mapped onto them.
         */
        private List<Duration> delayLevels = new ArrayList<>(MqRetryBackOff.DEFAULT_DELAY_LEVELS);

        public List<Duration> getDelayLevels() {
            return delayLevels;
        }

        public void setDelayLevels(List<Duration> delayLevels) {
            this.delayLevels = delayLevels;
        }

        /** Consumer group of listeners that name none. */
        private String group;

        /** Where a group without a committed offset starts reading a queue. */
        private ConsumeFrom consumeFrom = ConsumeFrom.LAST_OFFSET;

        /**
         * Deliveries after the first before a failing message goes to the dead-letter queue; -1 means 16 for
         * concurrent and unlimited for orderly listeners.
         */
        private int maxReconsumeTimes = -1;

        /** Most messages fetched from a queue per pull. */
        private int pullBatchSize = 32;

        /** How often a group's queues are divided again among its members (also at once when members change). */
        private Duration rebalanceInterval = Duration.ofSeconds(20);

        /** How often consumed offsets are committed (also when a queue moves and on stop). */
        private Duration offsetCommitInterval = Duration.ofSeconds(5);

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public ConsumeFrom getConsumeFrom() {
            return consumeFrom;
        }

        public void setConsumeFrom(ConsumeFrom consumeFrom) {
            this.consumeFrom = consumeFrom;
        }

        public int getMaxReconsumeTimes() {
            return maxReconsumeTimes;
        }

        public void setMaxReconsumeTimes(int maxReconsumeTimes) {
            this.maxReconsumeTimes = maxReconsumeTimes;
        }

        public int getPullBatchSize() {
            return pullBatchSize;
        }

        public void setPullBatchSize(int pullBatchSize) {
            this.pullBatchSize = pullBatchSize;
        }

        public Duration getRebalanceInterval() {
            return rebalanceInterval;
        }

        public void setRebalanceInterval(Duration rebalanceInterval) {
            this.rebalanceInterval = rebalanceInterval;
        }

        public Duration getOffsetCommitInterval() {
            return offsetCommitInterval;
        }

        public void setOffsetCommitInterval(Duration offsetCommitInterval) {
            this.offsetCommitInterval = offsetCommitInterval;
        }
    }

    /**
     * Back-off of listener retries ({@code tandem.mq.listener.retry}), mapped onto the brokers' delay levels
     * ({@code tandem.mq.consumer.delay-levels}); unset, the broker's own back-off applies.
     */
    public static class ListenerRetry {

        /** Wait before the first retry of a failed message; unset: the broker's back-off. */
        private Duration initialInterval;

        /** Factor of each further wait, at least 1. */
        private double multiplier = 2.0;

        /** Longest wait; unset: the longest delay level. */
        private Duration maxInterval;

        public Duration getInitialInterval() {
            return initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }
    }

    /** Listener container settings. */
    public static class Listener {

        /** Whether listener containers start with the application context. */
        private boolean autoStartup = true;

        /** Most calls of one listener running at once, unless its annotation says otherwise. */
        private int concurrency = 20;

        /**
         * Most messages per call of a batch listener, unless its annotation says otherwise; a batch comes from one
         * queue and one pull, so it is also bounded by tandem.mq.consumer.pull-batch-size.
         */
        private int batchSize = 32;

        private final Idempotent idempotent = new Idempotent();

        /**
         * Exception types (fully qualified class names) not worth retrying: a listener that throws one of them, or an
         * exception caused by one, sends the message to the dead-letter queue at once. @MqListener's notRetryable
         * adds to them.
         */
        private List<Class<? extends Throwable>> notRetryableExceptions = new ArrayList<>();

        private final ListenerRetry retry = new ListenerRetry();

        /**
         * How long stopping or pausing a listener waits for the calls in progress to finish. Keep it below
         * spring.lifecycle.timeout-per-shutdown-phase.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(20);

        /**
         * Whether listener calls are observed (timed, and traced with Micrometer Tracing) when there is an
         * ObservationRegistry.
         */
        private boolean observationEnabled = true;

        public boolean isAutoStartup() {
            return autoStartup;
        }

        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public Idempotent getIdempotent() {
            return idempotent;
        }

        public ListenerRetry getRetry() {
            return retry;
        }

        public List<Class<? extends Throwable>> getNotRetryableExceptions() {
            return notRetryableExceptions;
        }

        public void setNotRetryableExceptions(List<Class<? extends Throwable>> notRetryableExceptions) {
            this.notRetryableExceptions = notRetryableExceptions;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public boolean isObservationEnabled() {
            return observationEnabled;
        }

        public void setObservationEnabled(boolean observationEnabled) {
            this.observationEnabled = observationEnabled;
        }
    }

    /** How long idempotent listeners remember the messages they handled. */
    public static class Idempotent {

        /**
         * How long the record of a handled message is kept; a message delivered again after that is handled again.
         * Keep it well above the time a message can take to come back (retries, a consumer down for a while).
         */
        private Duration retention = Duration.ofDays(7);

        /** How often records older than the retention are deleted. */
        private Duration cleanInterval = Duration.ofHours(1);

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        public Duration getCleanInterval() {
            return cleanInterval;
        }

        public void setCleanInterval(Duration cleanInterval) {
            this.cleanInterval = cleanInterval;
        }
    }

    /** The starter's tables in the application's database (transaction log, consumed messages). */
    public static class Jdbc {

        /**
         * Whether the starter creates its tables at startup when they do not exist; switch off when the schema is
         * managed by migrations (copy io/tandem/spring/jdbc/schema.sql into them).
         */
        private boolean createTables = true;

        public boolean isCreateTables() {
            return createTables;
        }

        public void setCreateTables(boolean createTables) {
            this.createTables = createTables;
        }
    }

    /** Transactional messages: sends inside Spring transactions, @MqTransactionListener beans, check-backs. */
    public static class Transaction {

        /**
         * Whether MqTemplate's sends inside a Spring transaction on the application's database become part of it,
         * and @MqTransactionListener beans are served; when off, the producer answers no check-backs.
         */
        private boolean enabled = true;

        /** Threads answering the broker's check-backs: at most this many checks run at once. */
        private int checkThreads = 4;

        /** How long a check-back waits for a transaction that still holds the message's row before UNKNOWN. */
        private Duration checkLockWait = Duration.ofSeconds(5);

        /**
         * How long transaction log rows are kept; must exceed the time within which the broker or coordinator
         * still checks a message back.
         */
        private Duration logRetention = Duration.ofDays(7);

        /** How often transaction log rows older than the retention are deleted. */
        private Duration logCleanupInterval = Duration.ofHours(1);

        /** Whether a web application serves the HTTP check endpoint coordinators ask. */
        private boolean checkEndpointEnabled = true;

        /** Path of the HTTP check endpoint (the coordinator's default check path). */
        private String checkPath = "/tandem/transactions/check";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getCheckThreads() {
            return checkThreads;
        }

        public void setCheckThreads(int checkThreads) {
            this.checkThreads = checkThreads;
        }

        public Duration getCheckLockWait() {
            return checkLockWait;
        }

        public void setCheckLockWait(Duration checkLockWait) {
            this.checkLockWait = checkLockWait;
        }

        public Duration getLogRetention() {
            return logRetention;
        }

        public void setLogRetention(Duration logRetention) {
            this.logRetention = logRetention;
        }

        public Duration getLogCleanupInterval() {
            return logCleanupInterval;
        }

        public void setLogCleanupInterval(Duration logCleanupInterval) {
            this.logCleanupInterval = logCleanupInterval;
        }

        public boolean isCheckEndpointEnabled() {
            return checkEndpointEnabled;
        }

        public void setCheckEndpointEnabled(boolean checkEndpointEnabled) {
            this.checkEndpointEnabled = checkEndpointEnabled;
        }

        public String getCheckPath() {
            return checkPath;
        }

        public void setCheckPath(String checkPath) {
            this.checkPath = checkPath;
        }
    }
}
