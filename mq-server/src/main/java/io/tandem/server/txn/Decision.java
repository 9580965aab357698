package io.tandem.server.txn;

/** The final state of a half message. */
public enum Decision {
    COMMIT('C'),
    ROLLBACK('R');

    private final char code;

    Decision(char code) {
        this.code = code;
    }

    char code() {
        return code;
    }

    static Decision ofCode(char code) {
        for (Decision decision : values()) {
            if (decision.code == code) {
                return decision;
            }
        }
        return null;
    }
}
