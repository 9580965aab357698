package io.tandem.protocol.body;

import io.tandem.protocol.ProtocolException;
import io.tandem.protocol.RemotingJson;

import java.util.Arrays;
import java.util.List;

/**
 * Body of the user requests (AUTH_CREATE_USER, AUTH_UPDATE_USER) and of the answers to AUTH_GET_USER (one) and
 * AUTH_LIST_USER (a JSON array). Names and values as RocketMQ 5.3's {@code UserInfo}.
 *
 * <p>{@link #toString()} never shows the password: it is the user's signing secret.
 *
 * @param username   the access key clients sign with
 * @param password   the secret key, or null (Tandem's broker never sends it back)
 * @param userType   {@code Super} or {@code Normal} (any case), or null (Normal)
 * @param userStatus {@code enable} or {@code disable} (any case), or null (enable)
 */
public record UserInfo(String username, String password, String userType, String userStatus) {

    public byte[] toJson() {
        return RemotingJson.encode(this);
    }

    /** @throws ProtocolException if the bytes are not user JSON */
    public static UserInfo fromJson(byte[] json) {
        return RemotingJson.decode(json, UserInfo.class);
    }

    /** @throws ProtocolException if the bytes are not a JSON array of users */
    public static List<UserInfo> listFromJson(byte[] json) {
        return Arrays.asList(RemotingJson.decode(json, UserInfo[].class));
    }

    @Override
    public String toString() {
        return "UserInfo[username=" + username + ", password=" + (password == null ? "null" : "***")
                + ", userType=" + userType + ", userStatus=" + userStatus + ']';
    }
}
