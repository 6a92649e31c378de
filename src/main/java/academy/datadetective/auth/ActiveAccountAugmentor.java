package academy.datadetective.auth;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import academy.datadetective.user.Role;
import academy.datadetective.user.UserService;

/**
 * A valid token is not enough: its account must still exist and be active, and the role that counts
 * is the one in the database now (as in the original), not the one in the token.
 */
@ApplicationScoped
public class ActiveAccountAugmentor implements SecurityIdentityAugmentor {

    private final UserService users;

    ActiveAccountAugmentor(UserService users) {
        this.users = users;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> {
            long id = userId(token).orElseThrow(ActiveAccountAugmentor::invalid);
            Role role = users.activeRole(id).orElseThrow(ActiveAccountAugmentor::invalid);
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

    private static AuthenticationFailedException invalid() {
        return new AuthenticationFailedException("Could not validate credentials");
    }
}
