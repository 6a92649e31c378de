package academy.datadetective.migration;

import io.smallrye.config.ConfigMapping;

/** Migrations of the service's own database; README "Configuration" lists each setting with its variable. */
@ConfigMapping(prefix = "academy.migration")
public interface MigrationConfig {

    /** Whether the server applies pending migrations when it starts (MIGRATE_AT_START); commands never do. */
    boolean atStart();
}
