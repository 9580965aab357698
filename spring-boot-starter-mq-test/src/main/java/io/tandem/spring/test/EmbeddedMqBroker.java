package io.tandem.spring.test;

import org.springframework.test.context.ContextCustomizerFactories;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test's Spring application context against a Tandem broker of its own: before the context is refreshed a
 * {@link MqTestBroker} starts on free ports of 127.0.0.1 with a temporary data directory (and SQL92 property
 * filtering on), creates the listed topics, is registered as a bean, and {@code tandem.mq.name-server} (or
 * {@link #nameServerProperty()}) is set to its address. The broker needs Java 25: on Java 25 and later it runs in the
 * test's JVM; on Java 17 or 21 it runs in a child process of a JDK 25 (named by the system property
 * {@code tandem.test.java-home}, the environment variable {@code TANDEM_TEST_JAVA_HOME}, a Maven toolchain or
 * {@code JAVA_HOME}; see {@link MqTestBroker}), with its output in a log file named in every failure. Every attribute
 * works in both, except {@link #coordinator()}, which needs the tests on Java 25. Unless the test sets them, the client's timers are made fast
 * for a broker on the same machine ({@code tandem.mq.client.route-refresh-interval=1s},
 * {@code tandem.mq.client.heartbeat-interval=2s}, {@code tandem.mq.consumer.rebalance-interval=1s}), so that a
 * dead-letter handler sees its new queue within a second.
 * The broker (and its process) stops and its directory is deleted when the context closes. The context also gets a
 * {@link MqTransactionFaults} bean for crashing transactional sends between the database commit and END_TRANSACTION;
 * it acts in the application, so it works with a broker in a child process too.
 * Contexts that Spring's test framework caches
 * share their broker; classes with different attributes get different brokers.
 *
 * <pre>{@code
 * @SpringBootTest
 * @EmbeddedMqBroker(topics = "Orders")
 * class OrderFlowTest { ... }
 * }</pre>
 *
 * <p>Part of {@code io.tandem:tandem-spring-boot-starter-test}, which brings the broker and the coordinator.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(EmbeddedMqBrokerContextCustomizerFactory.class)
public @interface EmbeddedMqBroker {

    /** Topics created before the context starts, so listeners find their routes at once. */
    String[] topics() default {};

    /** Read and write queues of each created topic. */
    int queues() default 4;

    /**
     * Durations of the broker's delay levels, separated by spaces, such as {@code "100ms 200ms 300ms"}; they also pace
     * retries of failed messages (the n-th retry waits level 3 + n). Empty: the classic 18 levels (1 s, 5 s, 10 s,
     * 30 s, 1 min, ...).
     */
    String delayLevels() default "";

    /**
     * How long the broker waits before it first checks back an undecided transactional message, such as
     * {@code "1s"}; later checks back off from there (doubling, at most four times this), and after 15 unanswered
     * checks the message is rolled back. Empty: the broker's default, 6 s. The broker's own check-back duty plays
     * the coordinator's part for the test, unless {@link #coordinator()}; the coordinator too checks first at that
     * time.
     */
    String transactionTimeout() default "";

    /**
     * Whether Tandem's transaction coordinator resolves undecided transactional messages instead of the broker's own
     * check-back duty: a {@link MqTestCoordinator} started in the test's JVM, in a context of its own, with its record
     * in an in-memory H2 database of its own, and a bean of the test's context. The coordinator takes none of the
     * application's settings (its configuration files, system properties, environment variables): its tables never
     * land in the application's database, and the application's {@code schema.sql} is not run for it. The
     * coordinator needs Java 25 in the test's JVM: on an older Java, {@code coordinator = true} fails the test
     * context with a message saying so.
     */
    boolean coordinator() default false;

    /** The property that receives the name server's address. */
    String nameServerProperty() default "tandem.mq.name-server";
}
