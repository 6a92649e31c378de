package academy.datadetective.auth;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/** Says at startup what an operator's choice opens, so that it is a decision and not a default nobody read. */
@ApplicationScoped
public class AuthStartupWarnings {

    private final AuthConfig config;
    private final boolean forwardingRequested;
    private final Optional<String> trustedProxies;
    private final boolean serving;

    AuthStartupWarnings(AuthConfig config,
            @ConfigProperty(name = "PROXY_ADDRESS_FORWARDING", defaultValue = "false") boolean forwardingRequested,
            @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies") Optional<String> trustedProxies,
            @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean serving) {
        this.config = config;
        this.forwardingRequested = forwardingRequested;
        this.trustedProxies = trustedProxies;
        this.serving = serving;
    }

    // An operator's command serves no requests, and its output is read by scripts.
    void onStart(@Observes StartupEvent event) {
        if (serving) {
            warn();
        }
    }

    void warn() {
        if (config.registrationTeacherAllowed() && LaunchMode.current() != LaunchMode.DEVELOPMENT) {
            Log.warn("REGISTRATION_TEACHER_ALLOWED=true: anyone can register as a teacher, and a teacher lists every"
                    + " account's e-mail, deactivates students, reads every sample solution and runs SQL in the dataset sandbox");
        }
        if (forwardingRequested && trustedProxies.isEmpty()) {
            Log.warn("PROXY_ADDRESS_FORWARDING=true without TRUSTED_PROXIES: forwarded headers are ignored (anyone could forge"
                    + " them), so every client behind the proxy shares the proxy's address for login throttling;"
                    + " set TRUSTED_PROXIES to the ingress addresses");
        }
    }
}
