package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;

import java.util.Map;
import java.util.Objects;

/**
 * Header of AUTH_CREATE_USER (3001), AUTH_UPDATE_USER (3002), AUTH_DELETE_USER (3003) and AUTH_GET_USER (3004).
 *
 * @param username the user the request is about
 */
public record UserRequestHeader(String username) implements CommandHeader {

    public UserRequestHeader {
        Objects.requireNonNull(username, "username");
    }

    public static UserRequestHeader from(RemotingCommand request) {
        return new UserRequestHeader(
                HeaderFields.forRequest(request.code(), request.extFields()).requiredString("username"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create().put("username", username).toMap();
    }
}
