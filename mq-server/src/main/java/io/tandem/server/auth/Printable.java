package io.tandem.server.auth;

/** Client-supplied text made safe for remarks and logs: control characters replaced, long text cut. */
final class Printable {

    private static final int MAX_LENGTH = 128;

    private Printable() {
    }

    static String of(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 3);
        for (int i = 0; i < text.length() && i < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            safe.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > MAX_LENGTH) {
            safe.append("...");
        }
        return safe.toString();
    }
}
