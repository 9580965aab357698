package io.tandem.protocol;

/**
 * The sender's implementation language, carried in every command (fact sheet 1.3). JSON headers carry the name,
 * binary headers the one-byte {@link #code()}; for every constant the code equals the ordinal.
 */
public enum LanguageCode {
    JAVA(0), CPP(1), DOTNET(2), PYTHON(3), DELPHI(4), ERLANG(5), RUBY(6), OTHER(7), HTTP(8), GO(9), PHP(10), OMS(11),
    RUST(12), NODE_JS(13);

    private static final LanguageCode[] BY_CODE = values();

    private final byte code;

    LanguageCode(int code) {
        this.code = (byte) code;
    }

    /** The byte written in binary headers. */
    public byte code() {
        return code;
    }

    /** The language for a wire code; codes this enum does not know map to {@link #OTHER} (decoding is lenient). */
    public static LanguageCode fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
    }

    /** The language for a JSON name; unknown names map to {@link #OTHER} (decoding is lenient). */
    public static LanguageCode fromName(String name) {
        for (LanguageCode language : BY_CODE) {
            if (language.name().equals(name)) {
                return language;
            }
        }
        return OTHER;
    }
}
