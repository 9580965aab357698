package io.tandem.protocol.route;

/** Bits of a topic's {@code perm} in route data (fact sheet 6.1): normal topics 6, the auto-create template 7. */
public final class Permission {

    public static final int INHERIT = 0x1;
    public static final int WRITE = 0x2;
    public static final int READ = 0x4;
    public static final int PRIORITY = 0x8;

    private Permission() {
    }

    public static boolean isReadable(int perm) {
        return (perm & READ) != 0;
    }

    public static boolean isWriteable(int perm) {
        return (perm & WRITE) != 0;
    }

    public static boolean isInherited(int perm) {
        return (perm & INHERIT) != 0;
    }
}
