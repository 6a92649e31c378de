package academy.datadetective.seed;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The seed command for operators who reach the service only over HTTP (README "Seed data"). */
@Path("/admin/seed")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Administration")
public class SeedResource {

    /** Spelled out, so that clearing cannot happen by a stray {@code confirm=true}. */
    static final String CLEAR_CONFIRMATION = "delete-all-data";

    private final SeedService seeds;

    SeedResource(SeedService seeds) {
        this.seeds = seeds;
    }

    @POST
    @Operation(summary = "Seed the sample academy (admin); clear=true first deletes ALL data and needs confirm="
            + CLEAR_CONFIRMATION + "; prod needs force=true for the default accounts")
    public SeedReport seed(@QueryParam("mode") @DefaultValue("full") SeedMode mode, @QueryParam("clear") boolean clear,
            @QueryParam("confirm") String confirm, @QueryParam("force") boolean force) {
        if (clear && !CLEAR_CONFIRMATION.equals(confirm)) {
            throw new ClearNotConfirmedException();
        }
        return seeds.seed(mode, clear, force, "pass force=true");
    }
}
