package io.tandem.protocol.header;

/** extFields keys shared by many headers (fact sheet 1.6) and extra keys some clients add. */
public final class HeaderKeys {

    /** Broker name the client believes it talks to; on most client-to-broker requests. */
    public static final String BROKER_NAME = "bname";
    /** Namespace. */
    public static final String NAMESPACE = "ns";
    /** Namespaced flag. */
    public static final String NAMESPACED = "nsd";
    /** Oneway flag as a header field. */
    public static final String ONEWAY = "oway";
    /** Logical (static) topic flag. */
    public static final String LOGICAL = "lo";
    /** Request type sent by lite-pull and pull consumers ({@code "0"}, "stream"). */
    public static final String REQUEST_TYPE = "ReqT";
    public static final String ZONE_NAME = "__ZONE_NAME";
    public static final String ZONE_MODE = "__ZONE_MODE";

    private HeaderKeys() {
    }
}
