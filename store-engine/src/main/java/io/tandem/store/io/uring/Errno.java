package io.tandem.store.io.uring;

import java.util.Map;

/** Linux x86_64 errno values the engine names in its messages, with their symbolic names. */
final class Errno {

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EFAULT = 14;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int EFBIG = 27;
    static final int ENOSPC = 28;
    static final int EROFS = 30;
    static final int ENAMETOOLONG = 36;
    static final int ENOSYS = 38;
    static final int EOVERFLOW = 75;
    static final int EOPNOTSUPP = 95;
    static final int EDQUOT = 122;
    static final int ECANCELED = 125;

    private static final Map<Integer, String[]> NAMES = Map.ofEntries(
            Map.entry(EPERM, new String[] {"EPERM", "operation not permitted"}),
            Map.entry(ENOENT, new String[] {"ENOENT", "no such file or directory"}),
            Map.entry(EINTR, new String[] {"EINTR", "interrupted system call"}),
            Map.entry(EIO, new String[] {"EIO", "input/output error"}),
            Map.entry(EBADF, new String[] {"EBADF", "bad file descriptor"}),
            Map.entry(EAGAIN, new String[] {"EAGAIN", "resource temporarily unavailable"}),
            Map.entry(ENOMEM, new String[] {"ENOMEM", "cannot allocate memory"}),
            Map.entry(EACCES, new String[] {"EACCES", "permission denied"}),
            Map.entry(EFAULT, new String[] {"EFAULT", "bad address"}),
            Map.entry(EBUSY, new String[] {"EBUSY", "device or resource busy"}),
            Map.entry(EEXIST, new String[] {"EEXIST", "file exists"}),
            Map.entry(ENOTDIR, new String[] {"ENOTDIR", "not a directory"}),
            Map.entry(EISDIR, new String[] {"EISDIR", "is a directory"}),
            Map.entry(EINVAL, new String[] {"EINVAL", "invalid argument"}),
            Map.entry(ENFILE, new String[] {"ENFILE", "too many open files in system"}),
            Map.entry(EMFILE, new String[] {"EMFILE", "too many open files"}),
            Map.entry(EFBIG, new String[] {"EFBIG", "file too large"}),
            Map.entry(ENOSPC, new String[] {"ENOSPC", "no space left on device"}),
            Map.entry(EROFS, new String[] {"EROFS", "read-only file system"}),
            Map.entry(ENAMETOOLONG, new String[] {"ENAMETOOLONG", "file name too long"}),
            Map.entry(ENOSYS, new String[] {"ENOSYS", "function not implemented"}),
            Map.entry(EOVERFLOW, new String[] {"EOVERFLOW", "value too large"}),
            Map.entry(EOPNOTSUPP, new String[] {"EOPNOTSUPP", "operation not supported"}),
            Map.entry(EDQUOT, new String[] {"EDQUOT", "disk quota exceeded"}),
            Map.entry(ECANCELED, new String[] {"ECANCELED", "operation canceled"}));

    private Errno() {
    }

    /** The symbolic name, e.g. {@code EIO}, or {@code errno 123} for a value not in the table. */
    static String name(int errno) {
        String[] entry = NAMES.get(errno);
        return entry != null ? entry[0] : "errno " + errno;
    }

    /** Name and meaning, e.g. {@code EIO (input/output error)}. */
    static String describe(int errno) {
        String[] entry = NAMES.get(errno);
        return entry != null ? entry[0] + " (" + entry[1] + ")" : "errno " + errno;
    }
}
