package academy.datadetective.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the academy service itself; README "Configuration" lists each with its variable. */
@ConfigMapping(prefix = "academy")
public interface AcademyConfig {

    /** Name of the deployment environment, reported by {@code GET /api/info} (variable ENVIRONMENT). */
    String environment();

    EmbeddedDatabase embeddedDatabase();

    interface EmbeddedDatabase {

        /**
         * Where the dev profile's embedded PostgreSQL keeps its data between runs. Read by
         * EnvironmentConfigSourceFactory before this mapping exists; declared here to be documented and validated.
         */
        @WithDefault(".devdb")
        String dataDir();
    }
}
