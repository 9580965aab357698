package io.tandem.spring.transaction;

import io.tandem.protocol.txn.CheckRequestSignature;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who the check endpoint answers, decided before the handler runs: signed requests when there is a secret, this host
 * only without one, everyone only when told so. Requests come from chosen addresses, which a real listener on
 * 127.0.0.1 cannot show.
 */
class MqCheckEndpointAuthenticationTest {

    private static final String SECRET = "check-secret-0e7d";
    private static final String PATH = "/tandem/transactions/check";
    private static final String QUERY = "transactionId=0A0B&topic=orders";
    private static final long NOW_MS = 1_767_225_600_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW_MS), ZoneOffset.UTC);

    private final AtomicInteger handled = new AtomicInteger();
    private final HandlerFunction<ServerResponse> handler = request -> {
        handled.incrementAndGet();
        return ServerResponse.ok().body("{\"state\":\"COMMIT\"}");
    };

    @Test
    void shouldAnswerOnlyThisHostWithoutASecret() throws Exception {
        MqCheckEndpointAuthentication authentication = MqCheckEndpointAuthentication.loopbackOnly();

        assertThat(authentication.filter(request("127.0.0.1", null, null), handler).statusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(authentication.filter(request("::1", null, null), handler).statusCode()).isEqualTo(HttpStatus.OK);
        assertRefused(authentication.filter(request("10.1.2.3", null, null), handler));
        assertThat(handled).hasValue(2);
    }

    @Test
    void shouldAnswerAnyAddressWhenToldToLetEveryoneIn() throws Exception {
        assertThat(MqCheckEndpointAuthentication.unauthenticated().filter(request("10.1.2.3", null, null), handler)
                .statusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void shouldAnswerASignedRequestFromAnyAddressAndRefuseEveryOtherOneWithoutReachingTheHandler() throws Exception {
        MqCheckEndpointAuthentication authentication =
                MqCheckEndpointAuthentication.signed(SECRET, null, Duration.ofMinutes(1), CLOCK);
        String signature = CheckRequestSignature.sign(SECRET, "GET", PATH, QUERY, null, NOW_MS);

        assertThat(authentication.filter(request("10.1.2.3", Long.toString(NOW_MS), signature), handler)
                .statusCode()).isEqualTo(HttpStatus.OK);
        // With a secret, loopback is no excuse.
        assertRefused(authentication.filter(request("127.0.0.1", null, null), handler));
        assertRefused(authentication.filter(request("10.1.2.3", Long.toString(NOW_MS),
                CheckRequestSignature.sign("another-secret", "GET", PATH, QUERY, null, NOW_MS)), handler));
        long expired = NOW_MS - Duration.ofMinutes(1).toMillis() - 1;
        assertRefused(authentication.filter(request("10.1.2.3", Long.toString(expired),
                CheckRequestSignature.sign(SECRET, "GET", PATH, QUERY, null, expired)), handler));
        assertRefused(authentication.filter(request("10.1.2.3", "garbage", "v1=%%%"), handler));
        assertThat(handled).hasValue(1);
    }

    @Test
    void shouldAcceptThePreviousSecretDuringARotation() throws Exception {
        MqCheckEndpointAuthentication authentication =
                MqCheckEndpointAuthentication.signed("new-secret", "old-secret", Duration.ofMinutes(1), CLOCK);

        for (String secret : List.of("new-secret", "old-secret")) {
            assertThat(authentication.filter(request("10.1.2.3", Long.toString(NOW_MS),
                    CheckRequestSignature.sign(secret, "GET", PATH, QUERY, null, NOW_MS)), handler).statusCode())
                    .isEqualTo(HttpStatus.OK);
        }
        assertThat(authentication.toString()).doesNotContain("new-secret").doesNotContain("old-secret");
    }

    @Test
    void shouldRefuseABlankSecretNamingTheSetting() {
        assertThatThrownBy(() -> MqCheckEndpointAuthentication.signed(" ", null, Duration.ofMinutes(1), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tandem.mq.check-endpoint.secret must not be blank");
    }

    private static void assertRefused(ServerResponse response) {
        assertThat(response.statusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(response.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Tandem-HMAC-SHA256");
    }

    private static ServerRequest request(String remoteAddress, String timestamp, String signature) {
        MockHttpServletRequest servlet = new MockHttpServletRequest("GET", PATH);
        servlet.setQueryString(QUERY);
        servlet.setRemoteAddr(remoteAddress);
        if (timestamp != null) {
            servlet.addHeader(CheckRequestSignature.TIMESTAMP_HEADER, timestamp);
        }
        if (signature != null) {
            servlet.addHeader(CheckRequestSignature.SIGNATURE_HEADER, signature);
        }
        return ServerRequest.create(servlet, List.of(new StringHttpMessageConverter()));
    }
}
