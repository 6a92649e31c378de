package academy.datadetective.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/** Says at startup what an operator's choice opens, so that it is a decision and not a default nobody read. */
@ApplicationScoped
public class AuthStartupWarnings {

    private final AuthConfig config;

    AuthStartupWarnings(AuthConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.registrationTeacherAllowed() && LaunchMode.current() != LaunchMode.DEVELOPMENT) {
            Log.warn("REGISTRATION_TEACHER_ALLOWED=true: anyone can register as a teacher, and a teacher lists every"
                    + " account's e-mail, deactivates students, reads every sample solution and runs SQL in the dataset sandbox");
        }
    }
}
