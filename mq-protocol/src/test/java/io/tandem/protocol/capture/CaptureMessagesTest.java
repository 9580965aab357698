package io.tandem.protocol.capture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.header.CheckTransactionStateRequestHeader;
import io.tandem.protocol.header.PullMessageRequestHeader;
import io.tandem.protocol.header.PullMessageResponseHeader;
import io.tandem.protocol.header.QueryMessageRequestHeader;
import io.tandem.protocol.header.SendMessageRequestHeader;
import io.tandem.protocol.header.SendMessageResponseHeader;
import io.tandem.protocol.header.ViewMessageRequestHeader;
import io.tandem.protocol.message.BatchEntry;
import io.tandem.protocol.message.BatchMessageCodec;
import io.tandem.protocol.message.BodyCompression;
import io.tandem.protocol.message.MessageCodec;
import io.tandem.protocol.message.MessageFlyweight;
import io.tandem.protocol.message.MessageProperties;
import io.tandem.protocol.message.MessageRecord;
import io.tandem.protocol.message.MessageSysFlag;
import io.tandem.protocol.message.OffsetMessageId;
import io.tandem.protocol.message.PropertyKeys;
import io.tandem.protocol.message.UniqueKey;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Message records, property strings, message ids and batch bodies found in the captures. */
class CaptureMessagesTest {

    private static final InetSocketAddress BROKER = new InetSocketAddress("127.0.0.1", CaptureFiles.BROKER_PORT);
    private static final Set<Integer> PULL_CODES = Set.of(RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE);

    @Test
    void shouldDecodeEveryRecordOfEveryPullResponseWithMatchingCrcAndQueuePosition() {
        int records = 0;
        for (Exchanges.Exchange exchange : Exchanges.all()) {
            if (!PULL_CODES.contains(exchange.requestCode()) || exchange.response().isEmpty()) {
                continue;
            }
            RemotingCommand response = exchange.response().get().command();
            PullMessageRequestHeader request = PullMessageRequestHeader.from(exchange.requestCommand());
            PullMessageResponseHeader header = PullMessageResponseHeader.from(response);
            if (response.code() != ResponseCode.SUCCESS) {
                assertThat(response.body()).isEmpty();
                continue;
            }
            List<MessageRecord> decoded = checkedRecords(response.body());
            assertThat(decoded).isNotEmpty();
            long previousOffset = request.queueOffset() - 1;
            for (MessageRecord record : decoded) {
                assertThat(record.topic()).isEqualTo(request.topic());
                assertThat(record.queueId()).isEqualTo(request.queueId());
                assertThat(record.queueOffset()).isGreaterThan(previousOffset).isLessThan(header.nextBeginOffset());
                previousOffset = record.queueOffset();
                assertSaneRecord(record);
            }
            assertThat(header.maxOffset()).isGreaterThanOrEqualTo(header.nextBeginOffset());
            records += decoded.size();
        }
        assertThat(records).isEqualTo(19);
    }

    @Test
    void shouldDecodeTheRecordTestVectorOfTheFactSheet() {
        MessageRecord record = allPulledRecords().stream()
                .filter(candidate -> candidate.commitLogOffset() == 2795).findFirst().orElseThrow();

        assertThat(MessageCodec.encodedLength(record)).isEqualTo(238);
        assertThat(record.topic()).isEqualTo("TopicOrder");
        assertThat(new String(record.body(), StandardCharsets.UTF_8)).isEqualTo("ord-0");
        assertThat(record.queueId()).isZero();
        assertThat(record.queueOffset()).isZero();
        assertThat(record.sysFlag()).isZero();
        assertThat(record.bornHost()).isEqualTo(new InetSocketAddress("127.0.0.1", 47874));
        assertThat(record.storeHost()).isEqualTo(BROKER);
        assertThat(record.offsetMessageId()).isEqualTo("7F00000100002A9F0000000000000AEB");
    }

    @Test
    void shouldReencodeEveryCapturedRecordByteForByteUnlessItsPropertiesRepeatAName() {
        int exact = 0;
        int withDuplicateNames = 0;
        MessageFlyweight flyweight = new MessageFlyweight();
        for (Exchanges.Command command : Exchanges.allCommands()) {
            byte[] body = command.command().body();
            if (!looksLikeRecords(body)) {
                continue;
            }
            ByteBuf buffer = Unpooled.wrappedBuffer(body);
            for (int index = 0; index < body.length; index = flyweight.nextRecordIndex()) {
                flyweight.wrap(buffer, index);
                MessageRecord record = flyweight.toRecord();
                byte[] encoded = MessageCodec.encode(record);
                if (MessageProperties.encode(record.properties()).equals(flyweight.propertiesString())) {
                    assertThat(HexFormat.of().formatHex(encoded)).as("%s record at %d", command.frame(), index)
                            .isEqualTo(HexFormat.of().formatHex(body, index, flyweight.nextRecordIndex()));
                    exact++;
                } else {
                    // Stored batch members repeat UNIQ_KEY and WAIT; a map keeps one of each, so only the value
                    // survives, not the bytes.
                    assertThat(MessageCodec.decodeAll(encoded)).containsExactly(record);
                    withDuplicateNames++;
                }
            }
        }
        assertThat(exact).isEqualTo(20);
        assertThat(withDuplicateNames).isEqualTo(3);
    }

    @Test
    void shouldInflateTheZlibCompressedRecord() {
        MessageRecord compressed = allPulledRecords().stream()
                .filter(record -> MessageSysFlag.isCompressed(record.sysFlag())).findFirst().orElseThrow();

        assertThat(compressed.sysFlag()).isEqualTo(MessageSysFlag.COMPRESSED | MessageSysFlag.COMPRESSION_ZLIB);
        byte[] plain = BodyCompression.decompress(compressed.body(), compressed.sysFlag(), 4 * 1024 * 1024);
        assertThat(plain.length).isGreaterThanOrEqualTo(BodyCompression.DEFAULT_COMPRESS_THRESHOLD);
        assertThat(compressed.property(PropertyKeys.KEYS)).isEqualTo("keyBig");
    }

    @Test
    void shouldDecodeTheRecordsAnsweringViewByIdAndQueryMessage() {
        List<Exchanges.Exchange> views = Exchanges.withCode(RequestCode.VIEW_MESSAGE_BY_ID);
        assertThat(views).isNotEmpty();
        for (Exchanges.Exchange view : views) {
            ViewMessageRequestHeader request = ViewMessageRequestHeader.from(view.requestCommand());
            List<MessageRecord> records = checkedRecords(view.response().orElseThrow().command().body());
            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.commitLogOffset()).isEqualTo(request.commitLogOffset());
                assertThat(record.topic()).isEqualTo(request.topic());
            });
        }

        List<Exchanges.Exchange> queries = Exchanges.withCode(RequestCode.QUERY_MESSAGE);
        assertThat(queries).hasSize(2);
        for (Exchanges.Exchange query : queries) {
            QueryMessageRequestHeader request = QueryMessageRequestHeader.from(query.requestCommand());
            List<MessageRecord> records = checkedRecords(query.response().orElseThrow().command().body());
            assertThat(records).isNotEmpty().allSatisfy(record -> {
                if (Boolean.TRUE.equals(request.uniqueKeyQuery())) {
                    assertThat(record.uniqueKey()).isEqualTo(request.key());
                } else {
                    assertThat(record.property(PropertyKeys.KEYS).split(PropertyKeys.KEY_SEPARATOR))
                            .contains(request.key());
                }
            });
        }
    }

    @Test
    void shouldDecodeTheHalfMessageCarriedByTheTransactionCheck() {
        Exchanges.Exchange check = Exchanges.withCode(RequestCode.CHECK_TRANSACTION_STATE).stream()
                .findFirst().orElseThrow();
        RemotingCommand command = check.requestCommand();
        CheckTransactionStateRequestHeader header = CheckTransactionStateRequestHeader.from(command);

        assertThat(command.isOneway()).isTrue();
        assertThat(check.response()).isEmpty();
        MessageRecord half = checkedRecords(command.body()).get(0);
        assertThat(half.commitLogOffset()).isEqualTo(header.commitLogOffset());
        assertThat(half.queueOffset()).isEqualTo(header.tranStateTableOffset());
        assertThat(half.offsetMessageId()).isEqualTo(header.offsetMsgId());
        assertThat(half.topic()).isEqualTo(half.property(PropertyKeys.REAL_TOPIC)).isEqualTo("TopicTx");
        assertThat(half.queueId()).isEqualTo(Integer.parseInt(half.property(PropertyKeys.REAL_QID)));
        assertThat(half.sysFlag()).isZero();
        assertThat(half.property(PropertyKeys.TRAN_MSG)).isEqualTo("true");
        assertThat(half.property(PropertyKeys.PGROUP)).isEqualTo("tpg1");
        assertThat(half.property(PropertyKeys.TRANSACTION_ID)).isEqualTo(header.transactionId());
        assertThat(half.property(PropertyKeys.TRANSACTION_CHECK_TIMES)).isEqualTo("1");
    }

    @Test
    void shouldDecodeThePropertiesOfEverySendAndMatchTheSendResponse() {
        int sends = 0;
        for (Exchanges.Exchange exchange : Exchanges.all()) {
            int code = exchange.requestCode();
            if (code != RequestCode.SEND_MESSAGE_V2 && code != RequestCode.SEND_BATCH_MESSAGE) {
                continue;
            }
            sends++;
            SendMessageRequestHeader header = SendMessageRequestHeader.from(exchange.requestCommand());
            assertThat(header.isBatch()).isEqualTo(code == RequestCode.SEND_BATCH_MESSAGE);
            Map<String, String> properties = header.propertiesMap();
            assertThat(header.properties()).endsWith("\u0002");
            assertThat(properties).containsEntry(PropertyKeys.WAIT, "true").containsKey(PropertyKeys.UNIQ_KEY);
            UniqueKey uniqueKey = UniqueKey.parse(properties.get(PropertyKeys.UNIQ_KEY));
            assertThat(uniqueKey.clientAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(uniqueKey.format()).isEqualTo(properties.get(PropertyKeys.UNIQ_KEY));
            if ((header.sysFlag() & MessageSysFlag.TRANSACTION_TYPE_MASK) == MessageSysFlag.TRANSACTION_PREPARED_TYPE) {
                assertThat(properties).containsEntry(PropertyKeys.TRAN_MSG, "true")
                        .containsEntry(PropertyKeys.PGROUP, header.producerGroup());
            }

            if (exchange.requestCommand().isOneway()) {
                assertThat(exchange.response()).isEmpty();
                continue;
            }
            SendMessageResponseHeader response = SendMessageResponseHeader.from(exchange.response().orElseThrow()
                    .command());
            assertThat(response.queueId()).isEqualTo(header.queueId());
            assertThat(response.transactionId()).isEqualTo(properties.get(PropertyKeys.UNIQ_KEY));
            assertThat(response.msgRegion()).isEqualTo("DefaultRegion");
            assertThat(response.traceOn()).isTrue();
            for (String msgId : response.msgId().split(",")) {
                OffsetMessageId id = OffsetMessageId.decode(msgId);
                assertThat(id.storeHost()).isEqualTo(BROKER);
                assertThat(id.encode()).isEqualTo(msgId);
            }
        }
        assertThat(sends).isEqualTo(18);
    }

    @Test
    void shouldDecodeTheCapturedBatchBody() {
        Exchanges.Exchange batch = Exchanges.withCode(RequestCode.SEND_BATCH_MESSAGE).get(0);
        byte[] body = batch.requestCommand().body();

        List<BatchEntry> entries = BatchMessageCodec.decode(body);

        assertThat(HexFormat.of().formatHex(body, 0, 29)).isEqualTo(
                "00000066" + "00000000" + "00000000" + "00000000" + "00000007" + "62617463682d30" + "0049");
        assertThat(entries).hasSize(3);
        for (int i = 0; i < entries.size(); i++) {
            BatchEntry entry = entries.get(i);
            assertThat(new String(entry.body(), StandardCharsets.UTF_8)).isEqualTo("batch-" + i);
            assertThat(entry.properties()).containsEntry(PropertyKeys.KEYS, "bkey" + i)
                    .containsEntry(PropertyKeys.TAGS, "TagA").containsKey(PropertyKeys.UNIQ_KEY);
        }
        assertThat(BatchMessageCodec.encode(entries)).isEqualTo(body);

        SendMessageResponseHeader response = SendMessageResponseHeader.from(batch.response().orElseThrow().command());
        assertThat(response.msgId().split(",")).hasSize(3);
    }

    @Test
    void shouldKeepTheLastDuplicateUniqueKeyOfStoredBatchMembers() {
        List<MessageRecord> members = allPulledRecords().stream()
                .filter(record -> new String(record.body(), StandardCharsets.UTF_8).startsWith("batch-")).toList();

        assertThat(members).hasSize(3).allSatisfy(member ->
                assertThat(member.uniqueKey()).isEqualTo("7F000001690730946E09767339700007"));
    }

    private static List<MessageRecord> allPulledRecords() {
        List<MessageRecord> records = new ArrayList<>();
        for (Exchanges.Exchange exchange : Exchanges.all()) {
            if (PULL_CODES.contains(exchange.requestCode()) && exchange.response().isPresent()) {
                records.addAll(MessageCodec.decodeAll(exchange.response().get().command().body()));
            }
        }
        return records;
    }

    /** Decodes a body of records, checking each record's body CRC with the flyweight. */
    private static List<MessageRecord> checkedRecords(byte[] body) {
        ByteBuf buffer = Unpooled.wrappedBuffer(body);
        MessageFlyweight flyweight = new MessageFlyweight();
        int index = 0;
        int count = 0;
        while (index < body.length) {
            flyweight.wrap(buffer, index);
            assertThat(flyweight.bodyCrcMatches()).as("CRC of record at %d", index).isTrue();
            assertThat(flyweight.isV1()).isTrue();
            index = flyweight.nextRecordIndex();
            count++;
        }
        List<MessageRecord> records = MessageCodec.decodeAll(body);
        assertThat(records).hasSize(count);
        return records;
    }

    private static void assertSaneRecord(MessageRecord record) {
        assertThat(record.body()).isNotEmpty();
        assertThat(record.storeHost()).isEqualTo(BROKER);
        assertThat(record.bornHost().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(record.storeTimestamp()).isGreaterThanOrEqualTo(record.bornTimestamp());
        assertThat(record.properties()).containsKeys(PropertyKeys.UNIQ_KEY, PropertyKeys.TAGS, PropertyKeys.KEYS)
                .containsEntry(PropertyKeys.MSG_REGION, "DefaultRegion")
                .containsEntry(PropertyKeys.CLUSTER, "DefaultCluster");
        assertThat(OffsetMessageId.decode(record.offsetMessageId()))
                .isEqualTo(new OffsetMessageId(BROKER, record.commitLogOffset()));
        if (record.topic().startsWith("%RETRY%")) {
            assertThat(record.reconsumeTimes()).isEqualTo(1);
            assertThat(record.property(PropertyKeys.RETRY_TOPIC)).isEqualTo("TopicTest");
        }
        if (MessageSysFlag.transactionType(record.sysFlag()) == MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
            assertThat(record.preparedTransactionOffset()).isPositive();
            assertThat(record.property(PropertyKeys.TRAN_MSG)).isEqualTo("true");
        }
    }

    private static boolean looksLikeRecords(byte[] body) {
        return body.length >= 8 && (body[4] & 0xFF) == 0xDA && (body[5] & 0xFF) == 0xA3 && (body[6] & 0xFF) == 0x20;
    }
}
