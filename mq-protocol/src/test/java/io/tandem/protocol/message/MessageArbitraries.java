package io.tandem.protocol.message;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Generators shared by the message codec properties. */
final class MessageArbitraries {

    private MessageArbitraries() {
    }

    /** IPv4 and IPv6 socket addresses (IPv6 including IPv4-mapped ones), any port. */
    static Arbitrary<InetSocketAddress> hosts() {
        Arbitrary<byte[]> addresses = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(4),
                Arbitraries.bytes().array(byte[].class).ofSize(16));
        return Combinators.combine(addresses, Arbitraries.integers().between(0, 0xFFFF))
                .as((address, port) -> new InetSocketAddress(address(address), port));
    }

    static InetAddress address(byte[] bytes) {
        try {
            return HostAddresses.fromBytes(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Property names and values: no separators, names and values not empty, some non-ASCII. */
    static Arbitrary<String> propertyText() {
        return Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00c0', '\u00ff')
                .withChars('\u4e2d', '\u0003', '\t').ofMinLength(1).ofMaxLength(12);
    }

    static Arbitrary<Map<String, String>> properties() {
        return Arbitraries.maps(propertyText(), propertyText()).ofMaxSize(8).map(LinkedHashMap::new);
    }

    /** Topics from empty to 300 characters, so that both magic codes are used. */
    static Arbitrary<String> topics() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars('%', '_', '-', '|').ofMaxLength(40),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(120).ofMaxLength(300),
                Arbitraries.strings().withChars('\u00e9', '\u4e2d').ofMinLength(40).ofMaxLength(70));
    }

    static Arbitrary<MessageRecord> records() {
        Arbitrary<long[]> longs = Arbitraries.longs().array(long[].class).ofSize(6);
        Arbitrary<int[]> ints = Arbitraries.integers().array(int[].class).ofSize(4);
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Combinators.combine(topics(), longs, ints, hosts(), hosts(), bodies, properties())
                .as((topic, l, i, born, store, body, properties) -> new MessageRecord(topic, i[0], i[1], l[0], l[1],
                        i[2], l[2], born, l[3], store, i[3], l[4], body, properties));
    }
}
