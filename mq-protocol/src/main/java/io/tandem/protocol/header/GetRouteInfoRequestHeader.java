package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;
import java.util.Objects;

/**
 * GET_ROUTEINFO_BY_TOPIC (105) request header (fact sheet 2.1).
 *
 * @param topic                  topic whose route is wanted ({@code TBW102} for the auto-create template)
 * @param acceptStandardJsonOnly optional; when true the name server answers quoted-key JSON whatever the version
 */
public record GetRouteInfoRequestHeader(String topic, Boolean acceptStandardJsonOnly) implements CommandHeader {

    public GetRouteInfoRequestHeader {
        Objects.requireNonNull(topic, "topic");
    }

    public static GetRouteInfoRequestHeader fromExtFields(Map<String, String> extFields) {
        return read(HeaderFields.forRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, extFields));
    }

    public static GetRouteInfoRequestHeader from(RemotingCommand request) {
        return read(HeaderFields.forRequest(request.code(), request.extFields()));
    }

    private static GetRouteInfoRequestHeader read(HeaderFields fields) {
        return new GetRouteInfoRequestHeader(fields.requiredString("topic"),
                fields.optionalBoolean("acceptStandardJsonOnly"));
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create().put("topic", topic).put("acceptStandardJsonOnly", acceptStandardJsonOnly)
                .toMap();
    }
}
