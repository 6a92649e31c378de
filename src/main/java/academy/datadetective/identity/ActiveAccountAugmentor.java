package academy.datadetective.identity;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * A valid token is not enough: its account must still exist and be active, its sessions must not have
 * been ended since it was issued (token version), and the role that counts is the one in the database
 * now (as in the original), not the one in the token. One statement answers all three.
 */
@ApplicationScoped
public class ActiveAccountAugmentor implements SecurityIdentityAugmentor {

    /** The claim that ties an access token to its account's sessions: the account's token version when it was issued. */
    public static final String TOKEN_VERSION_CLAIM = "token_version";

    private final ActiveAccounts accounts;

    ActiveAccountAugmentor(ActiveAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> {
            long id = userId(token).orElseThrow(ActiveAccountAugmentor::invalid);
            int version = tokenVersion(token).orElseThrow(ActiveAccountAugmentor::invalid);
            Role role = accounts.activeRole(id, version).orElseThrow(ActiveAccountAugmentor::invalid);
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(token)
                    .addCredentials(identity.getCredentials())
                    .addRole(role.value())
                    .addAttribute(CurrentUser.USER_ID, id)
                    .addAttribute(CurrentUser.ROLE, role)
                    .build();
        });
    }

    private static Optional<Long> userId(JsonWebToken token) {
        try {
            return Optional.of(Long.parseLong(token.getSubject()));
        } catch (NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Tokens issued before V9 have no version: they count as the first one, so the upgrade signs nobody out. */
    private static Optional<Integer> tokenVersion(JsonWebToken token) {
        Object claim = token.getClaim(TOKEN_VERSION_CLAIM);
        if (claim == null) {
            return Optional.of(0);
        }
        // smallrye-jwt hands custom claims over as JSON values
        return claim instanceof JsonNumber number && number.isIntegral() ? Optional.of(number.intValue()) : Optional.empty();
    }

    private static AuthenticationFailedException invalid() {
        return new AuthenticationFailedException("Could not validate credentials");
    }
}
