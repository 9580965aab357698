package io.tandem.protocol.controller;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.ExtFieldsWriter;
import io.tandem.protocol.header.HeaderFields;

import java.util.Map;

/**
 * TANDEM_CONTROLLER_ELECT (100202) request header: an operator makes a member the group's leader at the next epoch.
 * Only an in-sync member is elected unless {@code unclean} is set; an unclean election may lose what the old leader
 * acknowledged and the new leader has not got. Answered with a {@link ControllerGroupResponseHeader}; a refusal is
 * an error answer naming why.
 *
 * @param brokerName the broker group
 * @param memberId   the member to elect
 * @param unclean    whether a member outside the in-sync set may be elected
 */
public record ElectLeaderRequestHeader(String brokerName, long memberId, boolean unclean) implements CommandHeader {

    private static final String BROKER_NAME = "brokerName";
    private static final String MEMBER_ID = "memberId";
    private static final String UNCLEAN = "unclean";

    public static ElectLeaderRequestHeader fromExtFields(Map<String, String> extFields) {
        HeaderFields fields = HeaderFields.forRequest(RequestCode.TANDEM_CONTROLLER_ELECT, extFields);
        Boolean unclean = fields.optionalBoolean(UNCLEAN);
        return new ElectLeaderRequestHeader(fields.requiredString(BROKER_NAME), fields.requiredLong(MEMBER_ID),
                unclean != null && unclean);
    }

    public static ElectLeaderRequestHeader from(RemotingCommand request) {
        return fromExtFields(request.extFields());
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put(BROKER_NAME, brokerName)
                .put(MEMBER_ID, memberId)
                .put(UNCLEAN, unclean)
                .toMap();
    }
}
