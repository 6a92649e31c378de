package academy.datadetective.progress;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import academy.datadetective.identity.CurrentUser;

@Path("/hints")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Progress")
public class HintResource {

    private final SubmissionService submissions;
    private final CurrentUser currentUser;

    HintResource(SubmissionService submissions, CurrentUser currentUser) {
        this.submissions = submissions;
        this.currentUser = currentUser;
    }

    @POST
    @Path("access")
    @RolesAllowed("student")
    @Operation(summary = "Record that the student opened a hint (levels 1-3); points are not affected")
    public Response open(@Valid @NotNull ProgressRequests.HintAccess request) {
        return Response.status(Response.Status.CREATED).entity(submissions.openHint(currentUser.id(), request)).build();
    }
}
