package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.ProtocolVersion;
import io.tandem.protocol.RemotingJson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;

import static io.tandem.protocol.body.RegisterBrokerBodyDescriptor.INT_LENGTH;
import static io.tandem.protocol.body.RegisterBrokerBodyDescriptor.MAX_INFLATED_LENGTH;
import static io.tandem.protocol.body.RegisterBrokerBodyDescriptor.TOPIC_ATTRIBUTES_FIELD;
import static io.tandem.protocol.body.RegisterBrokerBodyDescriptor.TOPIC_FIELDS;
import static io.tandem.protocol.body.RegisterBrokerBodyDescriptor.TOPIC_FIELD_SEPARATOR;

/**
 * Body of a REGISTER_BROKER (103) request (fact sheet 6.6): the broker's whole topic table. Written as JSON, or, when
 * the header says {@code compressed}, in the deflated layout of {@link RegisterBrokerBodyDescriptor}. The header's
 * {@code bodyCrc32} is {@link #crc32(byte[])} of the bytes as sent. Immutable.
 *
 * @param topicConfigSerializeWrapper the topics and their version
 * @param filterServerList            legacy filter servers, empty
 */
public record RegisterBrokerBody(TopicConfigAndMappingSerializeWrapper topicConfigSerializeWrapper,
                                 List<String> filterServerList) {

    public RegisterBrokerBody {
        topicConfigSerializeWrapper = topicConfigSerializeWrapper == null
                ? TopicConfigAndMappingSerializeWrapper.of(DataVersion.INITIAL, Map.of())
                : topicConfigSerializeWrapper;
        filterServerList = filterServerList == null ? List.of() : List.copyOf(filterServerList);
    }

    /** The topics of the body by name. */
    public Map<String, TopicConfig> topics() {
        return topicConfigSerializeWrapper.topicConfigTable();
    }

    /** The body's bytes: JSON, or the deflated layout when {@code compressed}. */
    public byte[] encode(boolean compressed) {
        return compressed ? encodeCompressed() : RemotingJson.encode(this);
    }

    /**
     * Reads a body in the form the header announced. {@code senderVersion} (the request's version) tells whether a
     * compressed body has the mapping section.
     *
     * @throws ProtocolException if the bytes are not a body of that form; the message says what is wrong
     */
    public static RegisterBrokerBody decode(byte[] body, boolean compressed, int senderVersion) {
        if (body == null || body.length == 0) {
            return new RegisterBrokerBody(null, List.of());
        }
        return compressed ? decodeCompressed(body, senderVersion) : RemotingJson.decode(body, RegisterBrokerBody.class);
    }

    /** CRC32 of {@code body} masked to 31 bits, as the header's {@code bodyCrc32} carries it. */
    public static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body, 0, body.length);
        return (int) (crc.getValue() & 0x7FFF_FFFFL);
    }

    private byte[] encodeCompressed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater)) {
            writeSection(out, RemotingJson.encode(topicConfigSerializeWrapper.dataVersion()));
            out.write(intBytes(topics().size()));
            for (TopicConfig topic : topics().values()) {
                writeSection(out, topicLine(topic).getBytes(StandardCharsets.UTF_8));
            }
            writeSection(out, RemotingJson.encode(filterServerList));
            out.write(intBytes(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deflate a register-broker body in memory", e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    private static String topicLine(TopicConfig topic) {
        String attributes = new String(RemotingJson.encode(new TreeMap<>(topic.attributes())),
                StandardCharsets.UTF_8);
        return topic.topicName() + TOPIC_FIELD_SEPARATOR + topic.readQueueNums() + TOPIC_FIELD_SEPARATOR
                + topic.writeQueueNums() + TOPIC_FIELD_SEPARATOR + topic.perm() + TOPIC_FIELD_SEPARATOR
                + (topic.topicFilterType() == null ? "SINGLE_TAG" : topic.topicFilterType()) + TOPIC_FIELD_SEPARATOR
                + attributes;
    }

    private static RegisterBrokerBody decodeCompressed(byte[] body, int senderVersion) {
        ByteBuffer inflated = ByteBuffer.wrap(inflate(body));
        DataVersion dataVersion = RemotingJson.decode(section(inflated, "dataVersion"), DataVersion.class);
        int topicCount = count(inflated, "topic count");
        Map<String, TopicConfig> topics = new LinkedHashMap<>();
        for (int i = 0; i < topicCount; i++) {
            TopicConfig topic = parseTopicLine(new String(section(inflated, "topic " + i), StandardCharsets.UTF_8));
            topics.put(topic.topicName(), topic);
        }
        List<String> filterServers = new ArrayList<>();
        byte[] filterJson = section(inflated, "filter server list");
        if (filterJson.length > 0) {
            filterServers.addAll(List.of(RemotingJson.decode(filterJson, String[].class)));
        }
        if (senderVersion >= ProtocolVersion.V5_0_0) {
            int mappings = count(inflated, "mapping count");
            for (int i = 0; i < mappings; i++) {
                section(inflated, "mapping " + i); // static topics are not supported; the mapping is skipped
            }
        }
        return new RegisterBrokerBody(TopicConfigAndMappingSerializeWrapper.of(dataVersion, topics), filterServers);
    }

    private static TopicConfig parseTopicLine(String line) {
        String[] fields = line.split(String.valueOf(TOPIC_FIELD_SEPARATOR), TOPIC_FIELDS);
        if (fields.length < TOPIC_ATTRIBUTES_FIELD) {
            throw new ProtocolException("compressed register-broker topic line '" + line + "' has " + fields.length
                    + " fields, expected at least " + TOPIC_ATTRIBUTES_FIELD);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        if (fields.length > TOPIC_ATTRIBUTES_FIELD && !fields[TOPIC_ATTRIBUTES_FIELD].isBlank()) {
            Map<?, ?> json = RemotingJson.decode(fields[TOPIC_ATTRIBUTES_FIELD].getBytes(StandardCharsets.UTF_8),
                    Map.class);
            json.forEach((key, value) -> attributes.put(String.valueOf(key), String.valueOf(value)));
        }
        try {
            return new TopicConfig(fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
                    Integer.parseInt(fields[3]), fields[4], 0, false, attributes);
        } catch (NumberFormatException e) {
            throw new ProtocolException("compressed register-broker topic line '" + line
                    + "' has a queue count or perm that is not an int32", e);
        }
    }

    private static byte[] inflate(byte[] body) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ProtocolException("compressed register-broker body ends before its zlib stream does");
                }
                out.write(chunk, 0, n);
                if (out.size() > MAX_INFLATED_LENGTH) {
                    throw new ProtocolException("compressed register-broker body inflates beyond "
                            + MAX_INFLATED_LENGTH + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new ProtocolException("compressed register-broker body is not a zlib stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static int count(ByteBuffer inflated, String what) {
        if (inflated.remaining() < INT_LENGTH) {
            throw new ProtocolException("compressed register-broker body ends before its " + what);
        }
        int count = inflated.getInt();
        if (count < 0) {
            throw new ProtocolException("compressed register-broker body has a negative " + what + ": " + count);
        }
        return count;
    }

    private static byte[] section(ByteBuffer inflated, String what) {
        int length = count(inflated, what + " length");
        if (length > inflated.remaining()) {
            throw new ProtocolException("compressed register-broker body: " + what + " of " + length
                    + " bytes exceeds the " + inflated.remaining() + " bytes left");
        }
        byte[] bytes = new byte[length];
        inflated.get(bytes);
        return bytes;
    }

    private static void writeSection(DeflaterOutputStream out, byte[] bytes) throws IOException {
        out.write(intBytes(bytes.length));
        out.write(bytes);
    }

    private static byte[] intBytes(int value) {
        return ByteBuffer.allocate(INT_LENGTH).putInt(value).array();
    }
}
