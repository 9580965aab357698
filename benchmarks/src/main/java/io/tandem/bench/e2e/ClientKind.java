package io.tandem.bench.e2e;

/** The client libraries that drive the brokers. */
public enum ClientKind {
    /** The unmodified Apache RocketMQ Java client: drives both Tandem and RocketMQ. */
    ROCKETMQ,
    /** Apache Kafka's kafka-clients. */
    KAFKA,
    /** Tandem's own client (module mq-client). */
    TANDEM
}
