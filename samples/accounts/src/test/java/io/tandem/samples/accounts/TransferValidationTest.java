package io.tandem.samples.accounts;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers that involve no message, with no broker at all (this test also runs on Java 17): bad input is refused
 * naming the field, an unknown account is 404, an insufficient balance is 422 and leaves the balance alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tandem.mq.name-server=127.0.0.1:9")
class TransferValidationTest {

    @LocalServerPort
    int port;

    @Test
    void refusesWhatCannotBeDebited() {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);
        http.put().uri("/accounts/dave?balance=10.00").retrieve().toBodilessEntity();

        assertThat(post(http, new TransferRequest("v-1", "dave", "erin", new BigDecimal("10.01"))))
                .isEqualTo("422 account dave holds 10.00, less than the transfer's 10.01");
        assertThat(post(http, new TransferRequest("v-2", "nobody", "erin", new BigDecimal("1.00"))))
                .isEqualTo("404 no account nobody");
        assertThat(post(http, new TransferRequest(null, "dave", "dave", new BigDecimal("-1"))))
                .isEqualTo("400 transferId is missing; amount must be a positive number, was -1; "
                        + "from and to are the same account: dave");
        assertThat(post(http, new TransferRequest("v-3", "dave", "erin", new BigDecimal("0.001"))))
                .isEqualTo("400 amount has more than 2 decimals: 0.001");
        assertThat(http.get().uri("/accounts/dave").retrieve().body(String.class)).contains("10.0");
    }

    private static String post(RestClient http, TransferRequest body) {
        return http.post().uri("/transfers").body(body).exchange((request, response) -> {
            HttpStatusCode status = response.getStatusCode();
            String detail = response.bodyTo(String.class);
            return status.value() + " " + detail.replaceAll(".*\"detail\":\"([^\"]*)\".*", "$1");
        });
    }
}
