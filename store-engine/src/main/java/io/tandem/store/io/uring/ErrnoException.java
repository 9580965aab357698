package io.tandem.store.io.uring;

import java.io.IOException;

/** An {@link IOException} from a failed system call or io_uring completion, carrying the errno. */
final class ErrnoException extends IOException {

    private final int errno;

    ErrnoException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}
