package io.tandem.server.auth;

import io.tandem.protocol.auth.RequestSignature;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tandem's signature is the one RocketMQ 5.3.3's {@code AclClientRPCHook} computes, for any fields and body. */
class RequestSignatureCompatibilityTest {

    @Property(tries = 200)
    void shouldSignExactlyAsTheRocketMqHook(
            @ForAll @Size(max = 8) Map<@AlphaChars @StringLength(min = 1, max = 12) String,
                    @AlphaChars @NumericChars @StringLength(max = 20) String> fields,
            @ForAll @Size(max = 64) byte[] body,
            @ForAll @AlphaChars @StringLength(min = 6, max = 30) String secret) {
        RemotingCommand reference = RemotingCommand.createRequestCommand(310, null);
        fields.forEach(reference::addExtField);
        reference.setBody(body.length == 0 ? null : body);
        new AclClientRPCHook(new SessionCredentials("alice", secret)).doBeforeRequest("127.0.0.1:1", reference);

        io.tandem.protocol.RemotingCommand.Builder ours = io.tandem.protocol.RemotingCommand.request(310).body(body);
        fields.forEach(ours::extField);
        io.tandem.protocol.RemotingCommand signed = RequestSignature.signed(ours.build(), "alice", secret, null);

        assertThat(signed.extField(RequestSignature.SIGNATURE))
                .isEqualTo(reference.getExtFields().get(SessionCredentials.SIGNATURE));
    }
}
