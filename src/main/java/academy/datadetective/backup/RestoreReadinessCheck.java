package academy.datadetective.backup;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while a restore replaces the data anywhere in the cluster: the load balancer sends requests elsewhere, or nowhere. */
@Readiness
@ApplicationScoped
public class RestoreReadinessCheck implements HealthCheck {

    private final RestoreGate gate;

    RestoreReadinessCheck(RestoreGate gate) {
        this.gate = gate;
    }

    @Override
    public HealthCheckResponse call() {
        boolean restoring = gate.restoring();
        return HealthCheckResponse.named("restore").status(!restoring).withData("inProgress", restoring).build();
    }
}
