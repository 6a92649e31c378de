package academy.datadetective.seed;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 403: the default accounts' passwords are published, so seeding them is refused where that is not allowed. */
public class DefaultAccountsRefusedException extends ApiException {

    public DefaultAccountsRefusedException(String howToForce) {
        super(Response.Status.FORBIDDEN, "Refused: seeding creates the default accounts, whose passwords are published"
                + " in README, so anyone could log in with them. This environment does not allow them"
                + " (SEED_DEFAULT_ACCOUNTS_ALLOWED=false); " + howToForce + " to seed anyway.");
    }
}
