package academy.datadetective.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Parameters;
import io.smallrye.jwt.build.Jwt;

import academy.datadetective.identity.TokenClaims;
import academy.datadetective.user.Account;
import academy.datadetective.user.AccountDeactivated;
import academy.datadetective.user.UserService;

/** Access tokens (RS256 JWTs) and the rotating refresh tokens behind a session. */
@ApplicationScoped
public class TokenService {

    private final AuthConfig config;
    private final UserService users;

    TokenService(AuthConfig config, UserService users) {
        this.config = config;
        this.users = users;
    }

    /**
     * The claims the original front end reads (user_id, role, exp) plus the standard ones and the token version,
     * which ties the token to the account's sessions (see {@link #endAllSessions}).
     */
    public String accessToken(Account user) {
        return Jwt.subject(Long.toString(user.id()))
                .claim(TokenClaims.TOKEN_VERSION_CLAIM, user.tokenVersion())
                .claim("user_id", user.id())
                .claim("email", user.email())
                .claim("role", user.role().value())
                .groups(Set.of(user.role().value()))
                .expiresIn(config.accessTokenLifespan())
                .sign();
    }

    /** Starts a new session (token family) and returns its first refresh token. */
    @Transactional
    public String startSession(long userId) {
        return issueRefreshToken(userId, UUID.randomUUID());
    }

    /** What a presented refresh token turned out to be; the caller decides the answer. */
    public sealed interface Rotation {
        record Rotated(long userId, String refreshToken) implements Rotation {
        }

        record Rejected(String reason) implements Rotation {
        }
    }

    /**
     * Exchanges a refresh token for a new one in the same family. A token that was already exchanged
     * means it leaked (or was replayed): the whole family is revoked.
     */
    @Transactional
    public Rotation rotate(String refreshToken) {
        Optional<RefreshToken> found = RefreshToken.<RefreshToken>find("tokenHash", OpaqueTokens.hash(refreshToken))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
        if (found.isEmpty()) {
            return new Rotation.Rejected(AuthService.INVALID_REFRESH_TOKEN);
        }
        RefreshToken token = found.get();
        Instant now = Instant.now();
        if (token.revokedAt != null) {
            return new Rotation.Rejected("Token has been revoked");
        }
        if (token.rotatedAt != null) {
            revokeFamily(token.familyId, now);
            return new Rotation.Rejected("Token has been revoked: it was already used, so the session was ended");
        }
        if (!token.expiresAt.isAfter(now)) {
            return new Rotation.Rejected("Token has expired");
        }
        token.rotatedAt = now;
        return new Rotation.Rotated(token.userId, issueRefreshToken(token.userId, token.familyId));
    }

    /** Ends the session the token belongs to. @return false when the token is unknown or already revoked */
    @Transactional
    public boolean endSession(String refreshToken) {
        Optional<RefreshToken> found = RefreshToken.<RefreshToken>find("tokenHash", OpaqueTokens.hash(refreshToken))
                .firstResultOptional();
        if (found.isEmpty() || found.get().revokedAt != null) {
            return false;
        }
        revokeFamily(found.get().familyId, Instant.now());
        return true;
    }

    /**
     * Ends every session of the user, and every access token issued so far: raising the account's token version
     * makes them fail the per-request account check at once, not when they expire. @return how many sessions were open
     */
    @Transactional
    public int endAllSessions(long userId) {
        users.endAccessTokens(userId);
        List<UUID> families = RefreshToken.find("select distinct familyId from RefreshToken where userId = :user and revokedAt is null",
                Parameters.with("user", userId)).project(UUID.class).list();
        RefreshToken.update("revokedAt = :now where userId = :user and revokedAt is null",
                Parameters.with("now", Instant.now()).and("user", userId));
        return families.size();
    }

    /** A deactivated account's sessions end in the transaction that deactivates it. */
    void endSessionsOfDeactivated(@Observes AccountDeactivated deactivated) {
        endAllSessions(deactivated.userId());
    }

    /**
     * Expired tokens serve nothing; revoked ones are kept a day so that a late replay still reads
     * "revoked" rather than "invalid". Exchanged ones stay until they expire, to detect their reuse.
     */
    @Transactional
    public long deleteExpiredAndRevoked() {
        Instant now = Instant.now();
        return RefreshToken.delete("expiresAt < ?1 or revokedAt < ?2", now, now.minus(Duration.ofDays(1)));
    }

    private void revokeFamily(UUID familyId, Instant now) {
        RefreshToken.update("revokedAt = :now where familyId = :family and revokedAt is null",
                Parameters.with("now", now).and("family", familyId));
    }

    private String issueRefreshToken(long userId, UUID familyId) {
        String value = OpaqueTokens.newToken();
        RefreshToken token = new RefreshToken();
        token.tokenHash = OpaqueTokens.hash(value);
        token.familyId = familyId;
        token.userId = userId;
        token.expiresAt = Instant.now().plus(config.refreshTokenLifespan());
        token.persist();
        return value;
    }
}
