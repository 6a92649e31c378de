package academy.datadetective.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import academy.datadetective.config.AcademyConfig;

/** The original service's informational routes, kept for its clients; probes use /q/health/*. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Service")
public class ServiceInfoResource {

    static final String NAME = "Data Detective Academy API";

    private static final Instant STARTED = Instant.now();

    private final DatabaseStatus databaseStatus;
    private final AcademyConfig config;
    private final String version;

    ServiceInfoResource(DatabaseStatus databaseStatus, AcademyConfig config,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.databaseStatus = databaseStatus;
        this.config = config;
        this.version = version;
    }

    public record Welcome(String message, String name, String version) {
    }

    public record Info(String app, String environment, String version) {
    }

    public record Health(String status, Instant timestamp, String version, long uptimeSeconds, Map<String, String> checks) {
    }

    @GET
    @Operation(summary = "Service name and version")
    public Welcome welcome() {
        return new Welcome("Welcome to " + NAME, NAME, version);
    }

    @GET
    @Path("api/info")
    @Operation(summary = "Application name and deployment environment")
    public Info info() {
        return new Info("Data Detective Academy", config.environment(), version);
    }

    @GET
    @Path("health")
    @Operation(summary = "Health in the original service's format (Kubernetes uses /q/health/*)")
    public Response health() {
        DatabaseStatus.Snapshot status = databaseStatus.check();
        Health body = new Health(status.ready() ? "healthy" : "unhealthy", Instant.now(), version,
                Duration.between(STARTED, Instant.now()).toSeconds(),
                Map.of("database", status.reachable() ? "ok" : "error",
                        "migrations", status.ready() ? "ok" : status.reachable() ? "pending" : "unknown"));
        return Response.status(status.ready() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE).entity(body).build();
    }
}
