package io.tandem.bench.e2e;

/** The brokers the comparison starts. */
public enum BrokerKind {
    /** Tandem's broker with its embedded name server (mq-server's executable jar). */
    TANDEM,
    /** An Apache RocketMQ name server and broker (Maven Central artifacts). */
    ROCKETMQ,
    /** An Apache Kafka broker in KRaft mode, broker and controller in one process (Maven Central artifacts). */
    KAFKA
}
