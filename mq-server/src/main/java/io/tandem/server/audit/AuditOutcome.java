package io.tandem.server.audit;

import io.tandem.protocol.ResponseCode;

/**
 * How an audited admin request was answered.
 */
public enum AuditOutcome {
    /** Answered SUCCESS: the change was made. */
    SUCCESS,
    /** Answered NO_PERMISSION: refused by authentication or by the ACL; nothing changed. */
    DENIED,
    /** Any other answer (bad parameter, unknown topic, system error...): see the response code and remark. */
    FAILED;

    /** The outcome of an answer with {@code responseCode}. */
    public static AuditOutcome of(int responseCode) {
        return switch (responseCode) {
            case ResponseCode.SUCCESS -> SUCCESS;
            case ResponseCode.NO_PERMISSION -> DENIED;
            default -> FAILED;
        };
    }
}
