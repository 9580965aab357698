package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;

import java.util.Map;

/**
 * Header of AUTH_LIST_USER (3005).
 *
 * @param filter only users whose name contains this text, or null for all
 */
public record ListUsersRequestHeader(String filter) implements CommandHeader {

    public static ListUsersRequestHeader from(RemotingCommand request) {
        return new ListUsersRequestHeader(
                HeaderFields.forRequest(request.code(), request.extFields()).optionalString("filter"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create().put("filter", filter).toMap();
    }
}
