package io.tandem.store.io;

import java.util.Locale;

/**
 * Tells a full file system apart from other I/O failures. {@code ENOSPC} ("no space left on device") and
 * {@code EDQUOT} ("disk quota exceeded") mean an operation was refused for want of space, not that stored data is
 * damaged: the store treats them as a refusal it recovers from once space is back, and every other I/O error as
 * what it was before.
 *
 * <p>The JDK reports both as plain {@link java.io.IOException}s carrying the C library's message, and the uring
 * engine's errno exceptions name them in theirs, so the test looks at the messages along the cause chain.
 */
public final class OutOfSpace {

    private static final String[] MESSAGES = {"no space left on device", "disk quota exceeded"};

    private OutOfSpace() {
    }

    /** True if {@code failure}, or one of its causes, says the file system is out of space or over quota. */
    public static boolean isCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage();
            if (message == null) {
                continue;
            }
            String lower = message.toLowerCase(Locale.ROOT);
            for (String known : MESSAGES) {
                if (lower.contains(known)) {
                    return true;
                }
            }
        }
        return false;
    }
}
