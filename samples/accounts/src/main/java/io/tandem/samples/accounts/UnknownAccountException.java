package io.tandem.samples.accounts;

/** No account has this id. */
public class UnknownAccountException extends RuntimeException {

    public UnknownAccountException(String account) {
        super("no account " + account);
    }
}
