package io.tandem.coordinator.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes an {@link AuditEntry} for every request that may change something (any method but GET, HEAD, OPTIONS and
 * TRACE), when it ends, whatever its outcome: carried out, refused by the login (401) or the roles (403), refused by
 * its handler, or failed. Placed in each of Spring Security's filter chains right after the security context is
 * loaded, so that it sees the signed-in user and the status the chain answered with.
 *
 * <p>Failure modes: an entry that cannot be written is logged as an error (without the request's body or
 * credentials); the request's own answer is not changed, since its effect already happened.
 */
public final class AuditFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

    private final AuditTrail trail;
    private final Clock clock;
    private final String instanceId;
    private final List<AuditedEndpoint> endpoints;

    /**
     * @param trail      where entries go
     * @param clock      the time of an entry
     * @param instanceId this coordinator instance
     * @param endpoints  names of the known endpoints; other requests are {@code HTTP_<METHOD>} of their path
     */
    public AuditFilter(AuditTrail trail, Clock clock, String instanceId, List<AuditedEndpoint> endpoints) {
        this.trail = trail;
        this.clock = clock;
        this.instanceId = instanceId;
        this.endpoints = List.copyOf(endpoints);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return READS.contains(request.getMethod().toUpperCase(Locale.ROOT));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long atMs = clock.millis();
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        AuditedRequest notes = endpoints.stream()
                .map(endpoint -> endpoint.match(method, path))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseGet(() -> new AuditedRequest("HTTP_" + method, path));
        request.setAttribute(AuditedRequest.ATTRIBUTE, notes);
        Throwable failure = null;
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            write(request, response, method, path, atMs, notes, failure);
        }
    }

    private void write(HttpServletRequest request, HttpServletResponse response, String method, String path,
                       long atMs, AuditedRequest notes, Throwable failure) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = authentication != null && authentication.isAuthenticated()
                && !TRUST.isAnonymous(authentication);
        String actor = signedIn ? authentication.getName() : AuditedRequest.ANONYMOUS;
        int status = failure != null ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
        String detail = notes.detail();
        if (failure != null) {
            detail = "failed: " + failure.getClass().getSimpleName();
        } else if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            detail = basicUser(request).map(user -> "sign-in failed for '" + user + "'")
                    .orElse("not signed in");
        } else if (status == HttpServletResponse.SC_FORBIDDEN && detail == null) {
            detail = "access denied" + (signedIn ? " to roles " + roles(authentication) : "");
        }
        if (!signedIn && notes.claimedActor() != null) {
            detail = (detail == null ? "" : detail + "; ") + "unauthenticated caller named '" + notes.claimedActor()
                    + "'";
        }
        AuditEntry entry = new AuditEntry(null, atMs, actor, notes.action(), notes.target(), notes.reason(),
                AuditOutcome.ofStatus(status), detail, request.getRemoteAddr(), method, path, status, instanceId);
        try {
            trail.append(entry);
        } catch (RuntimeException e) {
            LOG.error("could not write the audit entry of {} {} by '{}' from {} (status {}): {}", method, path, actor,
                    request.getRemoteAddr(), status, e.toString());
        }
    }

    private static String roles(Authentication authentication) {
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring(5))
                .map(role -> role.toLowerCase(Locale.ROOT))
                .sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The user name of a Basic authorization header (never the password), if there is a readable one. */
    private static Optional<String> basicUser(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon > 0 ? Optional.of(decoded.substring(0, colon)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
