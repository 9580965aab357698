package io.tandem.protocol.header;

import java.util.Map;

/**
 * Reads typed values out of a command's extFields for one header, raising {@link InvalidHeaderException}s that name
 * the request code and the field. Values parse as the reference writes them: decimal integers, {@code true}/{@code
 * false} (any case); surrounding blanks are tolerated. Keys not asked for are ignored, so extra keys from other
 * clients ({@code ReqT}, {@code ns}, zone or ACL keys) do no harm. Not thread-safe; create one per decode.
 */
public final class HeaderFields {

    private final Map<String, String> extFields;
    private final int requestCode;
    private final boolean response;
    private Map<String, String> labels = Map.of();

    private HeaderFields(Map<String, String> extFields, int requestCode, boolean response) {
        this.extFields = extFields == null ? Map.of() : extFields;
        this.requestCode = requestCode;
        this.response = response;
    }

    /** Reader for the header of a request with the given code. */
    public static HeaderFields forRequest(int requestCode, Map<String, String> extFields) {
        return new HeaderFields(extFields, requestCode, false);
    }

    /** Reader for the header of a response to a request with the given code. */
    public static HeaderFields forResponse(int requestCode, Map<String, String> extFields) {
        return new HeaderFields(extFields, requestCode, true);
    }

    /** Adds long names to mention next to short keys in error messages ({@code b} becomes {@code b (topic)}). */
    public HeaderFields describingKeys(Map<String, String> keyToName) {
        this.labels = keyToName;
        return this;
    }

    public String requiredString(String key) {
        String value = extFields.get(key);
        if (value == null) {
            throw missing(key);
        }
        return value;
    }

    public String optionalString(String key) {
        return extFields.get(key);
    }

    public int requiredInt(String key) {
        return parseInt(key, requiredString(key));
    }

    public Integer optionalInt(String key) {
        String value = extFields.get(key);
        return value == null ? null : parseInt(key, value);
    }

    public long requiredLong(String key) {
        return parseLong(key, requiredString(key));
    }

    public Long optionalLong(String key) {
        String value = extFields.get(key);
        return value == null ? null : parseLong(key, value);
    }

    public boolean requiredBoolean(String key) {
        return parseBoolean(key, requiredString(key));
    }

    public Boolean optionalBoolean(String key) {
        String value = extFields.get(key);
        return value == null ? null : parseBoolean(key, value);
    }

    /** Raises the exception for a value that is present but not acceptable. */
    public InvalidHeaderException invalid(String key, String problem) {
        return new InvalidHeaderException(requestCode, response, label(key), problem);
    }

    private InvalidHeaderException missing(String key) {
        return new InvalidHeaderException(requestCode, response, label(key), "is missing");
    }

    private int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(key, "= '" + value + "' is not an int32");
        }
    }

    private long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(key, "= '" + value + "' is not an int64");
        }
    }

    private boolean parseBoolean(String key, String value) {
        String stripped = value.strip();
        if (stripped.equalsIgnoreCase("true")) {
            return true;
        }
        if (stripped.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(key, "= '" + value + "' is not a boolean");
    }

    private String label(String key) {
        String name = labels.get(key);
        return name == null ? key : key + " (" + name + ")";
    }
}
