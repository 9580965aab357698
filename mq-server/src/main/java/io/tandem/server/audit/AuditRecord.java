package io.tandem.server.audit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of the broker's audit file: an admin request that changes state, and how it was answered. Serialized with
 * Jackson as one JSON object; the field names are the file format documented in the module's README.
 *
 * @param at            when it was answered, ISO-8601 UTC
 * @param accessKey     the request's access key, or {@value AdminRequestAudit#ANONYMOUS} without one; verified
 *                      only when authentication is on
 * @param requestCode   the request code
 * @param request       the request code's name, e.g. {@code UPDATE_AND_CREATE_TOPIC}
 * @param target        what it acted on, e.g. {@code topic orders}, {@code user erin}
 * @param remoteAddress where it came from, {@code host:port}
 * @param outcome       how it ended
 * @param responseCode  the answer's code
 * @param remark        the answer's remark (why it was refused or failed), or null
 * @param fields        the request's header fields and, for broker config updates, the settings asked for; never a
 *                      secret, a signature or a request body
 */
public record AuditRecord(String at, String accessKey, int requestCode, String request, String target,
                          String remoteAddress, AuditOutcome outcome, int responseCode, String remark,
                          Map<String, String> fields) {

    public AuditRecord {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(fields));
    }
}
