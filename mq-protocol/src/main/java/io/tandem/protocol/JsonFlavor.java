package io.tandem.protocol;

/**
 * The two JSON dialects of remoting bodies (fact sheet 2.1 and 6.1). Map keys that are numbers (a broker's
 * {@code brokerAddrs}, keyed by broker id) are quoted in standard JSON and bare in the legacy dialect, which is what
 * the reference's JSON library writes by default and what clients older than 4.9.4 expect.
 */
public enum JsonFlavor {
    /** Standard JSON: {@code "brokerAddrs":{"0":"127.0.0.1:10911"}}. */
    STANDARD,
    /** Numeric map keys unquoted (not valid JSON): {@code "brokerAddrs":{0:"127.0.0.1:10911"}}. */
    LEGACY_UNQUOTED_NUMERIC_KEYS;

    /**
     * The flavor a name server must use for a route answer: standard when the requester's version is at least
     * {@link ProtocolVersion#V4_9_4} or it asked for standard JSON only, legacy otherwise.
     */
    public static JsonFlavor forRouteRequest(int requestVersion, Boolean acceptStandardJsonOnly) {
        return requestVersion >= ProtocolVersion.V4_9_4 || Boolean.TRUE.equals(acceptStandardJsonOnly)
                ? STANDARD : LEGACY_UNQUOTED_NUMERIC_KEYS;
    }
}
