package academy.datadetective.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the academy service itself; README "Configuration" lists each with its variable. */
@ConfigMapping(prefix = "academy")
public interface AcademyConfig {

    /** Name of the deployment environment, reported by {@code GET /api/info} (variable ENVIRONMENT). */
    @WithDefault("development")
    String environment();
}
