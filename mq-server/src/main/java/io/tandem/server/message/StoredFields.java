package io.tandem.server.message;

import io.tandem.protocol.message.MessageProperties;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.tandem.server.message.StoredPropertiesDescriptor.IPV4_HOST_LENGTH;
import static io.tandem.server.message.StoredPropertiesDescriptor.IPV6_HOST_LENGTH;
import static io.tandem.server.message.StoredPropertiesDescriptor.PROPERTY_STRING_OFFSET;
import static io.tandem.server.message.StoredPropertiesDescriptor.USER_FLAG_OFFSET;

/** Encodes and decodes the broker's use of the store record's opaque fields ({@link StoredPropertiesDescriptor}). */
public final class StoredFields {

    private StoredFields() {
    }

    /** The {@code properties} field for a user flag and a property string. */
    public static byte[] properties(int userFlag, String propertyString) {
        byte[] text = propertyString == null ? new byte[0] : propertyString.getBytes(StandardCharsets.UTF_8);
        byte[] field = new byte[PROPERTY_STRING_OFFSET + text.length];
        ByteBuffer.wrap(field).putInt(USER_FLAG_OFFSET, userFlag);
        System.arraycopy(text, 0, field, PROPERTY_STRING_OFFSET, text.length);
        return field;
    }

    public static byte[] properties(int userFlag, Map<String, String> properties) {
        return properties(userFlag, MessageProperties.encode(properties));
    }

    public static int userFlag(byte[] propertiesField) {
        return propertiesField.length < PROPERTY_STRING_OFFSET ? 0
                : ByteBuffer.wrap(propertiesField).getInt(USER_FLAG_OFFSET);
    }

    /** Bytes of the property string inside the field. */
    public static int propertyStringLength(byte[] propertiesField) {
        return Math.max(0, propertiesField.length - PROPERTY_STRING_OFFSET);
    }

    public static String propertyString(byte[] propertiesField) {
        return new String(propertiesField, PROPERTY_STRING_OFFSET, propertyStringLength(propertiesField),
                StandardCharsets.UTF_8);
    }

    public static Map<String, String> propertyMap(byte[] propertiesField) {
        return MessageProperties.decode(propertyString(propertiesField));
    }

    /** The {@code bornHost} field for a socket address. */
    public static byte[] host(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        byte[] field = new byte[ip.length + StoredPropertiesDescriptor.PORT_LENGTH];
        System.arraycopy(ip, 0, field, 0, ip.length);
        ByteBuffer.wrap(field).putInt(ip.length, address.getPort());
        return field;
    }

    /** The address in a {@code bornHost} field; 0.0.0.0:0 when the field is empty or malformed. */
    public static InetSocketAddress host(byte[] field) {
        try {
            if (field.length == IPV4_HOST_LENGTH || field.length == IPV6_HOST_LENGTH) {
                int ipLength = field.length - StoredPropertiesDescriptor.PORT_LENGTH;
                byte[] ip = new byte[ipLength];
                System.arraycopy(field, 0, ip, 0, ipLength);
                return new InetSocketAddress(InetAddress.getByAddress(ip), ByteBuffer.wrap(field).getInt(ipLength));
            }
            return new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("unreachable: address of valid length", e);
        }
    }
}
