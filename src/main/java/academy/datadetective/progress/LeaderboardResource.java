package academy.datadetective.progress;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public, as in the original: names and points only, never emails or roles. Served at /leaderboard and /leaderboard/. */
@Path("/leaderboard")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Progress")
public class LeaderboardResource {

    private final ProgressService progress;

    LeaderboardResource(ProgressService progress) {
        this.progress = progress;
    }

    @GET
    @Operation(summary = "Students by points (ties: who registered first), one page of at most 100")
    public ProgressResponses.Leaderboard leaderboard(@QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(100) int limit) {
        return progress.leaderboard(offset, limit);
    }
}
