package io.tandem.coordinator.check;

/** A check endpoint answered with a status other than 2xx. */
public final class HttpStatusException extends RuntimeException {

    private final int status;

    public HttpStatusException(String target, int status) {
        super(target + " answered HTTP " + status + (status == 401 ? ": it refused the request's credentials (is this "
                + "producer group's secret the one set as tandem.mq.check-endpoint.secret there?)" : ""));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
