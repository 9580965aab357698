package io.tandem.server.auth;

import io.tandem.protocol.RemotingCommand;
import io.tandem.protocol.RemotingJson;
import io.tandem.protocol.RequestCode;
import io.tandem.protocol.ResponseCode;
import io.tandem.protocol.auth.RequestSignature;
import io.tandem.protocol.body.AclInfo;
import io.tandem.protocol.body.UserInfo;
import io.tandem.protocol.header.AclRequestHeader;
import io.tandem.protocol.header.DeleteAclRequestHeader;
import io.tandem.protocol.header.ListAclsRequestHeader;
import io.tandem.protocol.header.ListUsersRequestHeader;
import io.tandem.protocol.header.UserRequestHeader;
import io.tandem.server.remoting.RequestContext;
import io.tandem.server.remoting.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The user and ACL requests of {@code mqadmin} (createUser ... listAcl, codes 3001 to 3010) and of Tandem's admin
 * client. Who may send them is decided before (Update or Get on the cluster, see {@link RequestAccess}); in
 * addition only a super user may create, change or delete a super user, as in RocketMQ.
 *
 * <p>Differences from RocketMQ 5.3, both on the side of caution: getUser and listUser never return secrets, and a
 * body that does not parse, or names an unknown action, resource form or decision, is refused with
 * INVALID_PARAMETER naming it instead of being partly ignored. Changes are logged at INFO with the acting user,
 * never with a secret. Blocking (writes files): register on a worker executor.
 */
public final class AuthAdminProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(AuthAdminProcessor.class);

    private final Users users;
    private final Acls acls;

    public AuthAdminProcessor(Users users, Acls acls) {
        this.users = users;
        this.acls = acls;
    }

    @Override
    public void process(RequestContext context) {
        RemotingCommand request = context.request();
        switch (request.code()) {
            case RequestCode.AUTH_CREATE_USER -> putUser(context, true);
            case RequestCode.AUTH_UPDATE_USER -> putUser(context, false);
            case RequestCode.AUTH_DELETE_USER -> deleteUser(context);
            case RequestCode.AUTH_GET_USER -> getUser(context);
            case RequestCode.AUTH_LIST_USER -> {
                List<UserInfo> list = users.list(ListUsersRequestHeader.from(request).filter()).stream()
                        .map(user -> user.toInfo(false)).toList();
                answer(context, list.isEmpty() ? null : RemotingJson.encode(list));
            }
            case RequestCode.AUTH_CREATE_ACL, RequestCode.AUTH_UPDATE_ACL -> putAcl(context);
            case RequestCode.AUTH_DELETE_ACL -> deleteAcl(context);
            case RequestCode.AUTH_GET_ACL -> {
                String username = Subjects.username(AclRequestHeader.from(request).subject());
                if (users.find(username).isEmpty()) {
                    context.respondError(ResponseCode.NO_PERMISSION, "The subject is not exist.");
                    return;
                }
                answer(context, acls.find(username).map(acl -> acl.toInfo().toJson()).orElse(null));
            }
            case RequestCode.AUTH_LIST_ACL -> {
                ListAclsRequestHeader header = ListAclsRequestHeader.from(request);
                List<AclInfo> list = acls.list(header.subjectFilter(), header.resourceFilter()).stream()
                        .map(Acl::toInfo).toList();
                answer(context, list.isEmpty() ? null : RemotingJson.encode(list));
            }
            default -> context.respondError(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported");
        }
    }

    private void putUser(RequestContext context, boolean create) {
        RemotingCommand request = context.request();
        String username = UserRequestHeader.from(request).username();
        User user = Users.fromInfo(userBody(request), username);
        User existing = users.find(username).orElse(null);
        if ((user.isSuper() || (existing != null && existing.isSuper())) && !actingAsSuper(request)) {
            context.respondError(ResponseCode.SYSTEM_ERROR, "The super user can only be "
                    + (create ? "create" : "update") + " by super user");
            return;
        }
        if (create) {
            if (!users.createIfAbsent(user)) {
                context.respondError(ResponseCode.NO_PERMISSION, "The user is existed");
                return;
            }
        } else {
            if (existing == null) {
                context.respondError(ResponseCode.NO_PERMISSION, "The user is not exist");
                return;
            }
            users.put(user);
        }
        LOG.info("{} {} by {}", create ? "created" : "updated", user, actor(request));
        context.respondSuccess();
    }

    private void deleteUser(RequestContext context) {
        RemotingCommand request = context.request();
        String username = UserRequestHeader.from(request).username();
        User existing = users.find(username).orElse(null);
        if (existing != null) {
            if (existing.isSuper() && !actingAsSuper(request)) {
                context.respondError(ResponseCode.NO_PERMISSION, "The super user can only be update by super user");
                return;
            }
            users.delete(username);
            acls.delete(username, PolicyType.CUSTOM, null);
            LOG.info("deleted {} and its ACL by {}", existing, actor(request));
        }
        context.respondSuccess();
    }

    private void getUser(RequestContext context) {
        String username = UserRequestHeader.from(context.request()).username();
        if (username.isBlank()) {
            context.respondError(ResponseCode.INVALID_PARAMETER, "The username is blank");
            return;
        }
        answer(context, users.find(username).map(user -> user.toInfo(false).toJson()).orElse(null));
    }

    private void putAcl(RequestContext context) {
        RemotingCommand request = context.request();
        String subject = AclRequestHeader.from(request).subject();
        Acl acl = Acl.fromInfo(aclBody(request), subject);
        if (users.find(acl.username()).isEmpty()) {
            context.respondError(ResponseCode.NO_PERMISSION, "The subject of " + Subjects.of(acl.username())
                    + " is not exist.");
            return;
        }
        acls.merge(acl);
        LOG.info("ACL of {} updated by {}: {}", Subjects.of(acl.username()), actor(request), acl.toInfo());
        context.respondSuccess();
    }

    private void deleteAcl(RequestContext context) {
        RemotingCommand request = context.request();
        DeleteAclRequestHeader header = DeleteAclRequestHeader.from(request);
        String username = Subjects.username(header.subject());
        PolicyType type = PolicyType.parse(header.policyType());
        Resource resource = header.resource() == null || header.resource().isBlank()
                ? null : Resource.parse(header.resource());
        if (users.find(username).isEmpty()) {
            context.respondError(ResponseCode.NO_PERMISSION, "The subject is not exist.");
            return;
        }
        if (!acls.delete(username, type, resource)) {
            context.respondError(ResponseCode.NO_PERMISSION, "The acl is not exist.");
            return;
        }
        LOG.info("ACL of {} {} by {}", Subjects.of(username),
                resource == null ? "deleted" : "lost its entry for " + resource, actor(request));
        context.respondSuccess();
    }

    private boolean actingAsSuper(RemotingCommand request) {
        String accessKey = request.extField(RequestSignature.ACCESS_KEY);
        // Without an access key authentication is off: whoever reaches the port is trusted, as in RocketMQ.
        return accessKey == null || users.find(accessKey).map(User::isSuper).orElse(false);
    }

    private static String actor(RemotingCommand request) {
        String accessKey = request.extField(RequestSignature.ACCESS_KEY);
        return accessKey == null ? "an unauthenticated client" : Subjects.of(Printable.of(accessKey));
    }

    private static UserInfo userBody(RemotingCommand request) {
        if (request.body().length == 0) {
            throw new IllegalArgumentException("the user body is missing");
        }
        return UserInfo.fromJson(request.body());
    }

    private static AclInfo aclBody(RemotingCommand request) {
        if (request.body().length == 0) {
            throw new IllegalArgumentException("The body of acl is null");
        }
        return AclInfo.fromJson(request.body());
    }

    private static void answer(RequestContext context, byte[] body) {
        RemotingCommand.Builder response = context.request().response(ResponseCode.SUCCESS);
        if (body != null) {
            response.body(body);
        }
        context.respond(response);
    }
}
