package academy.datadetective.identity;

import jakarta.enterprise.context.ApplicationScoped;

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

    private final ActiveAccounts accounts;

    ActiveAccountAugmentor(ActiveAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        // Read from the token once, when it was verified (VerifiedTokenCache); none: it names no account.
        TokenClaims claims = identity.getAttribute(TokenClaims.ATTRIBUTE);
        if (claims == null) {
            return Uni.createFrom().failure(invalid());
        }
        long id = claims.userId();
        return context.runBlocking(() -> {
            Role role = accounts.activeRole(id, claims.tokenVersion()).orElseThrow(ActiveAccountAugmentor::invalid);
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(token)
                    .addCredentials(identity.getCredentials())
                    .addRole(role.value())
                    .addAttribute(CurrentUser.USER_ID, id)
                    .addAttribute(CurrentUser.ROLE, role)
                    .build();
        });
    }

    private static AuthenticationFailedException invalid() {
        return new AuthenticationFailedException("Could not validate credentials");
    }
}
