package io.tandem.protocol.controller;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.header.CommandHeader;
import io.tandem.protocol.header.ExtFieldsWriter;
import io.tandem.protocol.header.HeaderFields;

import java.util.Map;
import java.util.Set;

/**
 * TANDEM_CONTROLLER_ALTER_IN_SYNC (100201) request header: a group's leader reports the members in sync with it. The
 * controller accepts it only from the current leader at the current epoch and with the leader in the set; either way
 * the answer is a {@link ControllerGroupResponseHeader} with the group as it is afterwards, and a refusal is an error
 * answer naming why.
 *
 * @param brokerName the broker group
 * @param memberId   the reporting leader's member id
 * @param epoch      the epoch the leader leads at
 * @param inSync     member ids in sync, the leader included
 */
public record AlterInSyncRequestHeader(String brokerName, long memberId, long epoch, Set<Long> inSync)
        implements CommandHeader {

    private static final String BROKER_NAME = "brokerName";
    private static final String MEMBER_ID = "memberId";
    private static final String EPOCH = "epoch";
    private static final String IN_SYNC = "inSync";

    public AlterInSyncRequestHeader {
        inSync = Set.copyOf(inSync == null ? Set.of() : inSync);
    }

    public static AlterInSyncRequestHeader fromExtFields(Map<String, String> extFields) {
        HeaderFields fields = HeaderFields.forRequest(RequestCode.TANDEM_CONTROLLER_ALTER_IN_SYNC, extFields);
        return new AlterInSyncRequestHeader(fields.requiredString(BROKER_NAME), fields.requiredLong(MEMBER_ID),
                fields.requiredLong(EPOCH), MemberIds.read(fields, IN_SYNC));
    }

    public static AlterInSyncRequestHeader from(RemotingCommand request) {
        return fromExtFields(request.extFields());
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put(BROKER_NAME, brokerName)
                .put(MEMBER_ID, memberId)
                .put(EPOCH, epoch)
                .put(IN_SYNC, MemberIds.write(inSync))
                .toMap();
    }
}
