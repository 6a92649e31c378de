package academy.datadetective.identity;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.identity.SecurityIdentity;

/** The authenticated caller of this request, as established by {@link ActiveAccountAugmentor}. */
@RequestScoped
public class CurrentUser {

    static final String USER_ID = "user_id";
    static final String ROLE = "role";

    private final SecurityIdentity identity;

    CurrentUser(SecurityIdentity identity) {
        this.identity = identity;
    }

    public long id() {
        Long id = identity.getAttribute(USER_ID);
        if (id == null) {
            throw gone();
        }
        return id;
    }

    public Role role() {
        Role role = identity.getAttribute(ROLE);
        if (role == null) {
            throw gone();
        }
        return role;
    }

    /** The token was valid but its account is no longer there to act as. */
    public static AuthenticationRequiredException gone() {
        return new AuthenticationRequiredException("Could not validate credentials");
    }
}
