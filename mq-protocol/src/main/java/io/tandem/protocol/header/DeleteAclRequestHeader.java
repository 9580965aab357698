package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;

import java.util.Map;
import java.util.Objects;

/**
 * Header of AUTH_DELETE_ACL (3008).
 *
 * @param subject    whose ACL, {@code User:<name>}
 * @param policyType {@code Custom} or {@code Default}, or null (Custom)
 * @param resource   the entry to delete ({@code Topic:orders}), or null to delete the subject's whole ACL
 */
public record DeleteAclRequestHeader(String subject, String policyType, String resource) implements CommandHeader {

    public DeleteAclRequestHeader {
        Objects.requireNonNull(subject, "subject");
    }

    public static DeleteAclRequestHeader from(RemotingCommand request) {
        HeaderFields fields = HeaderFields.forRequest(request.code(), request.extFields());
        return new DeleteAclRequestHeader(fields.requiredString("subject"), fields.optionalString("policyType"),
                fields.optionalString("resource"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("subject", subject)
                .put("policyType", policyType)
                .put("resource", resource)
                .toMap();
    }
}
