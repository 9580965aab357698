package io.tandem.server.remoting;

/**
 * Handles the requests of one or more request codes. A processor answers through {@link RequestContext#respond},
 * right away or later from any thread (a parked pull, a send waiting for durability); a oneway request is never
 * answered. An exception thrown here is answered with an error response naming it (see {@link RequestDispatcher}).
 */
@FunctionalInterface
public interface RequestProcessor {

    void process(RequestContext context) throws Exception;
}
