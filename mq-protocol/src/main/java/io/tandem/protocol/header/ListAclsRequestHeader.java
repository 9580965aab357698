package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;

import java.util.Map;

/**
 * Header of AUTH_LIST_ACL (3010).
 *
 * @param subjectFilter only subjects whose key contains this text, or null for all
 * @param resourceFilter only entries whose resource key contains this text, or null for all
 */
public record ListAclsRequestHeader(String subjectFilter, String resourceFilter) implements CommandHeader {

    public static ListAclsRequestHeader from(RemotingCommand request) {
        HeaderFields fields = HeaderFields.forRequest(request.code(), request.extFields());
        return new ListAclsRequestHeader(fields.optionalString("subjectFilter"),
                fields.optionalString("resourceFilter"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("subjectFilter", subjectFilter)
                .put("resourceFilter", resourceFilter)
                .toMap();
    }
}
