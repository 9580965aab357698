package io.tandem.server.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address or CIDR range a policy entry is limited to ({@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code fd00::/8}).
 * Only literal addresses are accepted: a host name is refused rather than resolved.
 */
public final class SourceRange {

    private final String text;
    private final byte[] network;
    private final int prefixLength;

    private SourceRange(String text, byte[] network, int prefixLength) {
        this.text = text;
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** @throws IllegalArgumentException if {@code text} is not an IP address or CIDR range */
    public static SourceRange parse(String text) {
        String value = text == null ? "" : text.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        if (address.isEmpty() || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
                || (address.indexOf(':') < 0 && !address.chars().allMatch(c -> Character.isDigit(c) || c == '.'))) {
            throw invalid(text);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw invalid(text);
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            if (prefix < 0 || prefix > bits) {
                throw invalid(text);
            }
        }
        return new SourceRange(value, mask(bytes, prefix), prefix);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("source IP must be an IPv4 or IPv6 address or CIDR range: '"
                + Printable.of(text) + "'");
    }

    private static byte[] mask(byte[] address, int prefixLength) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    /** Whether {@code source} lies in this range (an IPv4 address never lies in an IPv6 range, nor the reverse). */
    public boolean contains(InetAddress source) {
        byte[] address = source.getAddress();
        return address.length == network.length && Arrays.equals(mask(address, prefixLength), network);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceRange range && range.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
