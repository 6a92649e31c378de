package academy.datadetective.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import academy.datadetective.common.Sha256;

/**
 * Verifies a bearer token's signature and claims once, not on each of its requests: a third of the service's
 * CPU on the signed-in read path was RS256 verification and JSON parsing of the same token again (bench/README).
 * It answers before smallrye-jwt's own validator (a higher priority) and builds the identity as that does.
 *
 * <p>Only tokens that passed the full check are remembered, keyed by the SHA-256 of the token (a short key of
 * one length, whatever the claims), and only until the token's own expiry; failures never. What may change during a token's life — the account deactivated, its
 * sessions ended, its role — is not remembered here: {@link ActiveAccountAugmentor} asks the database on
 * every request, cached token or not.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    private final JWTParser parser;
    private final Optional<Cache<String, Verified>> verified;

    /** A token that passed the check, and what the account check reads of it. */
    private record Verified(JsonWebToken token, Optional<TokenClaims> claims) {

        static Verified of(JsonWebToken token) {
            return new Verified(token, TokenClaims.of(token));
        }
    }

    VerifiedTokenCache(JWTParser parser, IdentityConfig config, MeterRegistry registry) {
        this.parser = parser;
        this.verified = config.verifiedTokenCacheSize() <= 0 ? Optional.empty()
                : Optional.of(Caffeine.newBuilder().maximumSize(config.verifiedTokenCacheSize())
                        .expireAfter(Expiry.<String, Verified>creating((key, verified) -> untilExpiry(verified.token(), Instant.now())))
                        .recordStats()
                        .build());
        // cache_gets_total{cache="verified_tokens",result="hit|miss"}, cache_size, cache_evictions_total
        verified.ifPresent(cache -> CaffeineCacheMetrics.monitor(registry, cache, "verified_tokens"));
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before smallrye-jwt's validator (the default priority), which then never sees a token. */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        Verified checked;
        try {
            checked = verified.isEmpty() ? Verified.of(parser.parse(token)) : verifiedOnce(token);
        } catch (ParseException e) {
            Log.debug("Authentication failed", e);
            return Uni.createFrom().failure(new AuthenticationFailedException(e));
        }
        JsonWebToken principal = checked.token();
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(principal)
                .addCredential(request.getToken())
                .addRoles(principal.getGroups())
                .addAttribute("quarkus.user", principal);
        checked.claims().ifPresent(claims -> identity.addAttribute(TokenClaims.ATTRIBUTE, claims));
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(RoutingContext.class.getName(), routing);
        }
        return Uni.createFrom().item(identity.build());
    }

    private Verified verifiedOnce(String token) throws ParseException {
        Cache<String, Verified> cache = verified.orElseThrow();
        String key = Sha256.hex(token);
        Verified known = cache.getIfPresent(key);
        // Expiry is the cache's job, but an entry may outlive its token by the time between two clean-ups.
        if (known != null && unexpired(known.token())) {
            return known;
        }
        Verified checked = Verified.of(parser.parse(token));
        if (unexpired(checked.token())) {
            cache.put(key, checked);
        }
        return checked;
    }

    /** Until the token's {@code exp}; a token without one (which the parser refuses) is not kept at all. */
    private static Duration untilExpiry(JsonWebToken token, Instant now) {
        long expiresAt = token.getExpirationTime();
        return expiresAt <= 0 ? Duration.ZERO : Duration.between(now, Instant.ofEpochSecond(expiresAt));
    }

    private static boolean unexpired(JsonWebToken token) {
        return token.getExpirationTime() > Instant.now().getEpochSecond();
    }
}

