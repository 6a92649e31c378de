package academy.datadetective.common;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A test-only endpoint with a JSON body, for the error cases that need one before any feature has one. */
@Path("/test-only/problems")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ProblemProbeResource {

    public record Submission(@NotBlank @Size(max = 100) String name, @NotNull @Min(0) Integer score) {
    }

    @POST
    public Submission echo(@Valid @NotNull Submission submission, @QueryParam("limit") @Min(1) @Max(1000) Integer limit) {
        return submission;
    }

    @POST
    @Path("boom")
    public Submission boom(Submission submission) {
        throw new IllegalStateException("SELECT secret FROM users -- must never reach a client");
    }
}
