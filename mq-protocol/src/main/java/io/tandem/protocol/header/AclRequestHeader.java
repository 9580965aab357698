package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;

import java.util.Map;
import java.util.Objects;

/**
 * Header of AUTH_CREATE_ACL (3006), AUTH_UPDATE_ACL (3007) and AUTH_GET_ACL (3009).
 *
 * @param subject whose ACL, {@code User:<name>}
 */
public record AclRequestHeader(String subject) implements CommandHeader {

    public AclRequestHeader {
        Objects.requireNonNull(subject, "subject");
    }

    public static AclRequestHeader from(RemotingCommand request) {
        return new AclRequestHeader(
                HeaderFields.forRequest(request.code(), request.extFields()).requiredString("subject"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create().put("subject", subject).toMap();
    }
}
