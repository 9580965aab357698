package io.tandem.server.boot;

/** What one {@code mq-server} process runs ({@code tandem.role}). */
public enum ServerRole {
    /** A broker with its own name server: the embedded default, one process and nothing else to start. */
    BOTH,
    /** A broker only; it registers with the name servers of {@code tandem.broker.name-servers}. */
    BROKER,
    /** A name server only: brokers register with it, clients ask it for routes. */
    NAME_SERVER;

    /** Whether this role runs a broker. */
    public boolean runsBroker() {
        return this != NAME_SERVER;
    }
}
