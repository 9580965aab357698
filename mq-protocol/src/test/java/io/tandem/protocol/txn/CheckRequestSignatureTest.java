package io.tandem.protocol.txn;

import io.tandem.protocol.txn.CheckRequestSignature.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The check endpoint's request signature: its exact form, and every way a request fails verification. */
class CheckRequestSignatureTest {

    private static final String SECRET = "check-secret-1";
    private static final String PATH = "/tandem/transactions/check";
    private static final String QUERY = "transactionId=0A0B&topic=orders&producerGroup=orders-app";
    private static final long NOW_MS = 1_767_225_600_000L;
    private static final long SKEW_MS = 60_000;

    @Test
    void shouldSignExactlyAsDocumented() {
        // Computed independently: HMAC-SHA256 over the documented lines, unpadded Base64url.
        assertThat(CheckRequestSignature.sign(SECRET, "GET", PATH, QUERY, null, NOW_MS))
                .isEqualTo("v1=pYVoM6KX67CQvHOOFeNiSFEvl0swE9HbT2XTnk62m78");
    }

    @Test
    void shouldAcceptARequestSignedWithTheSecretWithinTheWindow() {
        String signature = CheckRequestSignature.sign(SECRET, "GET", PATH, QUERY, null, NOW_MS);

        assertThat(verify(List.of(SECRET), QUERY, Long.toString(NOW_MS), signature, NOW_MS + SKEW_MS))
                .isEqualTo(Verdict.VALID);
        assertThat(verify(List.of(SECRET), QUERY, Long.toString(NOW_MS), signature, NOW_MS - SKEW_MS))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void shouldAcceptEitherSecretDuringARotation() {
        String oldSigned = CheckRequestSignature.sign("old-secret", "GET", PATH, QUERY, null, NOW_MS);
        String newSigned = CheckRequestSignature.sign("new-secret", "GET", PATH, QUERY, null, NOW_MS);
        List<String> both = List.of("new-secret", "old-secret");

        assertThat(verify(both, QUERY, Long.toString(NOW_MS), oldSigned, NOW_MS)).isEqualTo(Verdict.VALID);
        assertThat(verify(both, QUERY, Long.toString(NOW_MS), newSigned, NOW_MS)).isEqualTo(Verdict.VALID);
        assertThat(verify(List.of("new-secret"), QUERY, Long.toString(NOW_MS), oldSigned, NOW_MS))
                .isEqualTo(Verdict.WRONG_SIGNATURE);
    }

    @Test
    void shouldRefuseAnotherSecretAnotherQuestionOrAnotherTime() {
        String signature = CheckRequestSignature.sign(SECRET, "GET", PATH, QUERY, null, NOW_MS);

        assertThat(verify(List.of("check-secret-2"), QUERY, Long.toString(NOW_MS), signature, NOW_MS))
                .isEqualTo(Verdict.WRONG_SIGNATURE);
        assertThat(verify(List.of(SECRET), QUERY.replace("0A0B", "0A0C"), Long.toString(NOW_MS), signature, NOW_MS))
                .isEqualTo(Verdict.WRONG_SIGNATURE);
        assertThat(verify(List.of(SECRET), QUERY, Long.toString(NOW_MS + 1), signature, NOW_MS))
                .isEqualTo(Verdict.WRONG_SIGNATURE);
        assertThat(CheckRequestSignature.verify(List.of(SECRET), "GET", "/other/path", QUERY, null,
                Long.toString(NOW_MS), signature, NOW_MS, SKEW_MS)).isEqualTo(Verdict.WRONG_SIGNATURE);
        assertThat(CheckRequestSignature.verify(List.of(SECRET), "GET", PATH, QUERY, new byte[]{1},
                Long.toString(NOW_MS), signature, NOW_MS, SKEW_MS)).isEqualTo(Verdict.WRONG_SIGNATURE);
    }

    @Test
    void shouldRefuseATimestampOutsideTheWindowEvenWhenCorrectlySigned() {
        long old = NOW_MS - SKEW_MS - 1;
        long future = NOW_MS + SKEW_MS + 1;

        assertThat(verify(List.of(SECRET), QUERY, Long.toString(old),
                CheckRequestSignature.sign(SECRET, "GET", PATH, QUERY, null, old), NOW_MS)).isEqualTo(Verdict.EXPIRED);
        assertThat(verify(List.of(SECRET), QUERY, Long.toString(future),
                CheckRequestSignature.sign(SECRET, "GET", PATH, QUERY, null, future), NOW_MS))
                .isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void shouldTellMissingFromMalformedHeaders() {
        String signature = CheckRequestSignature.sign(SECRET, "GET", PATH, QUERY, null, NOW_MS);
        String timestamp = Long.toString(NOW_MS);

        assertThat(verify(List.of(SECRET), QUERY, null, signature, NOW_MS)).isEqualTo(Verdict.MISSING);
        assertThat(verify(List.of(SECRET), QUERY, timestamp, null, NOW_MS)).isEqualTo(Verdict.MISSING);
        assertThat(verify(List.of(SECRET), QUERY, "", signature, NOW_MS)).isEqualTo(Verdict.MALFORMED);
        assertThat(verify(List.of(SECRET), QUERY, "-1", signature, NOW_MS)).isEqualTo(Verdict.MALFORMED);
        assertThat(verify(List.of(SECRET), QUERY, "99999999999999999999", signature, NOW_MS))
                .isEqualTo(Verdict.MALFORMED);
        assertThat(verify(List.of(SECRET), QUERY, timestamp, signature.substring(3), NOW_MS))
                .isEqualTo(Verdict.MALFORMED);
        assertThat(verify(List.of(SECRET), QUERY, timestamp, "v1=not base64!", NOW_MS)).isEqualTo(Verdict.MALFORMED);
        assertThat(verify(List.of(SECRET), QUERY, timestamp, "v1=", NOW_MS)).isEqualTo(Verdict.WRONG_SIGNATURE);
    }

    @Test
    void shouldRefuseABlankSecretOrNoSecretNamingWhatIsWrong() {
        assertThatThrownBy(() -> CheckRequestSignature.sign(" ", "GET", PATH, QUERY, null, NOW_MS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> verify(List.of(), QUERY, "1", "v1=", NOW_MS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one secret");
    }

    private static Verdict verify(List<String> secrets, String query, String timestamp, String signature, long nowMs) {
        return CheckRequestSignature.verify(secrets, "GET", PATH, query, null, timestamp, signature, nowMs, SKEW_MS);
    }
}
