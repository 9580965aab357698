package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * DELETE_SUBSCRIPTIONGROUP (207) request header.
 *
 * @param groupName consumer group to delete
 * @param cleanOffset also delete the group's committed offsets, or null (false)
 */
public record DeleteSubscriptionGroupRequestHeader(String groupName, Boolean cleanOffset) implements CommandHeader {

    public DeleteSubscriptionGroupRequestHeader {
        Objects.requireNonNull(groupName, "groupName");
    }

    public static DeleteSubscriptionGroupRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.DELETE_SUBSCRIPTIONGROUP, extFields));
    }

    public static DeleteSubscriptionGroupRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static DeleteSubscriptionGroupRequestHeader read(HeaderFields fields) {
        return new DeleteSubscriptionGroupRequestHeader(
                fields.requiredString("groupName"),
                fields.optionalBoolean("cleanOffset"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("groupName", groupName)
                .put("cleanOffset", cleanOffset)
                .toMap();
    }
}
