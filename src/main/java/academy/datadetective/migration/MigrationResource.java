package academy.datadetective.migration;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Read-only view of the schema for operators. Applying or rolling back over HTTP is deliberately not
 * offered: a rollback under running instances pulls the schema from under their code, and an upgrade
 * belongs to a deployment (startup or the migrate Job), not to a request (README, "Migrations").
 */
@Path("/admin/migrations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Administration")
public class MigrationResource {

    private final MigrationService migrations;

    MigrationResource(MigrationService migrations) {
        this.migrations = migrations;
    }

    public record Overview(Optional<String> current, Optional<String> latestKnown, boolean upToDate,
            List<MigrationRunner.Migration> pending, List<MigrationRunner.Migration> future,
            List<MigrationRunner.Migration> failed, List<MigrationRunner.Migration> history) {
    }

    @GET
    @Operation(summary = "Schema version, pending and newer migrations, and the applied history (admin)")
    public Overview overview() {
        MigrationRunner.Status status = migrations.status();
        return new Overview(status.current(), status.latestKnown(), status.upToDate(), status.pending(), status.future(),
                status.failed(), migrations.history());
    }
}
