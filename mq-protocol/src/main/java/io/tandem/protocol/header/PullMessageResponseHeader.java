package io.tandem.protocol.header;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;

import java.util.Map;

/**
 * Response header of PULL_MESSAGE / LITE_PULL_MESSAGE (fact sheet 2.5). The four required fields must be present on
 * every pull response, whatever its code; never send {@code offsetDelta} outside static topics (the client adds it
 * to every message's queue offset).
 *
 * @param suggestWhichBrokerId broker id to pull this queue from next (0 = master)
 * @param nextBeginOffset      where the next pull of this queue starts
 * @param minOffset            the queue's minimum logical offset
 * @param maxOffset            the queue's maximum logical offset (the offset the next message will get)
 * @param offsetDelta          static topics only, else null
 * @param topicSysFlag         informational, or null
 * @param groupSysFlag         informational, or null
 * @param forbiddenType        with NO_PERMISSION: what forbade the pull, else null
 */
public record PullMessageResponseHeader(long suggestWhichBrokerId, long nextBeginOffset, long minOffset,
                                        long maxOffset, Long offsetDelta, Integer topicSysFlag, Integer groupSysFlag,
                                        Integer forbiddenType) implements CommandHeader {

    public static PullMessageResponseHeader fromExtFields(Map<String, String> extFields) {
        HeaderFields fields = HeaderFields.forResponse(RequestCode.PULL_MESSAGE, extFields);
        return new PullMessageResponseHeader(
                fields.requiredLong("suggestWhichBrokerId"),
                fields.requiredLong("nextBeginOffset"),
                fields.requiredLong("minOffset"),
                fields.requiredLong("maxOffset"),
                fields.optionalLong("offsetDelta"),
                fields.optionalInt("topicSysFlag"),
                fields.optionalInt("groupSysFlag"),
                fields.optionalInt("forbiddenType"));
    }

    public static PullMessageResponseHeader from(RemotingCommand response) {
        return fromExtFields(response.extFields());
    }

    @Override
    public Map<String, String> toExtFields() {
        return ExtFieldsWriter.create()
                .put("suggestWhichBrokerId", suggestWhichBrokerId)
                .put("nextBeginOffset", nextBeginOffset)
                .put("minOffset", minOffset)
                .put("maxOffset", maxOffset)
                .put("offsetDelta", offsetDelta)
                .put("topicSysFlag", topicSysFlag)
                .put("groupSysFlag", groupSysFlag)
                .put("forbiddenType", forbiddenType)
                .toMap();
    }
}
