package academy.datadetective.seed;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Sample data and the operators' first administrator; README "Seed data" lists each with its variable. */
@ConfigMapping(prefix = "academy.seed")
public interface SeedConfig {

    /**
     * Whether the documented default accounts may be seeded without --force / force=true (SEED_DEFAULT_ACCOUNTS_ALLOWED).
     * Off in prod: their passwords are published in README, so anyone could log in with them.
     */
    boolean defaultAccountsAllowed();

    /** Whether a server starting on a database without accounts seeds the full sample data (SEED_ON_EMPTY_DATABASE). */
    boolean onEmptyDatabase();

    /** Whether seeding adds the dev-only administrator {@value SeedPlan#DEV_ADMIN_EMAIL} (never in prod). */
    @WithDefault("false")
    boolean devAdmin();

    /** The administrator created at startup from a Secret, when both email and password are set. */
    BootstrapAdmin bootstrapAdmin();

    interface BootstrapAdmin {

        /** ADMIN_EMAIL */
        Optional<String> email();

        /** ADMIN_PASSWORD; never logged or echoed. */
        Optional<String> password();

        /** ADMIN_NAME */
        String name();
    }
}
