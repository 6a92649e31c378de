package academy.datadetective.seed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

import academy.datadetective.user.Password;

/**
 * At server start, after the migrations: the sample academy on an empty database where configured (dev),
 * so that {@code ./mvnw quarkus:dev} shows a working academy at once, then the bootstrap administrator.
 */
@ApplicationScoped
public class SeedOnStartup {

    private final SeedService seeds;
    private final SeedConfig config;
    private final boolean servingHttp;

    SeedOnStartup(SeedService seeds, SeedConfig config,
            // Operator commands run without HTTP (see AcademyMain); a `seed --clear` must not race a seed of its own.
            @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean servingHttp) {
        this.seeds = seeds;
        this.config = config;
        this.servingHttp = servingHttp;
    }

    void seed(@Observes StartupEvent startup) {
        if (!servingHttp) {
            return;
        }
        checkBootstrapAdmin(config.bootstrapAdmin());
        if (config.onEmptyDatabase()) {
            seeds.seedIfEmpty(SeedMode.FULL);
        }
        seeds.ensureBootstrapAdmin().filter(SeedReport.SeededAccount::created)
                .ifPresent(admin -> Log.infof("Created the bootstrap administrator %s", admin.email()));
    }

    /** A half-configured or unusable admin Secret stops the start, rather than leaving operators without an admin. */
    static void checkBootstrapAdmin(SeedConfig.BootstrapAdmin admin) {
        if (admin.email().isPresent() != admin.password().isPresent()) {
            throw new ConfigurationException("Cannot start: set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither");
        }
        if (admin.email().isEmpty()) {
            return;
        }
        if (!admin.email().get().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new ConfigurationException("Cannot start: ADMIN_EMAIL is not an email address");
        }
        if (!Password.Validator.acceptable(admin.password().get())) {
            throw new ConfigurationException("Cannot start: ADMIN_PASSWORD must be 8 characters to 72 bytes long");
        }
    }
}
