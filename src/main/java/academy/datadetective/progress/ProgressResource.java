package academy.datadetective.progress;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import academy.datadetective.identity.CurrentUser;

@Path("/progress")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Progress")
public class ProgressResource {

    private final SubmissionService submissions;
    private final ProgressService progress;
    private final CurrentUser currentUser;

    ProgressResource(SubmissionService submissions, ProgressService progress, CurrentUser currentUser) {
        this.submissions = submissions;
        this.progress = progress;
        this.currentUser = currentUser;
    }

    /** Idempotent for a right answer (clients retry POSTs): the first completion is returned unchanged. */
    @POST
    @Path("submit")
    @RolesAllowed("student")
    @Operation(summary = "Submit an answer to a built-in or custom challenge (students); 400 when wrong, the attempt recorded")
    public ProgressResponses.Completion submit(@Valid @NotNull ProgressRequests.Submit request) {
        SubmissionService.Graded graded = submissions.submit(currentUser.id(), request);
        if (!graded.correct()) {
            throw SubmissionException.incorrect();
        }
        return graded.completion();
    }

    @GET
    @Path("me")
    @RolesAllowed({ "student", "teacher", "admin" })
    @Operation(summary = "The caller's completed challenges and totals")
    public ProgressResponses.UserProgress mine() {
        return progress.progressOf(currentUser.id());
    }

    @GET
    @Path("user/{id}")
    @RolesAllowed({ "teacher", "admin" })
    @Operation(summary = "A user's completed challenges and totals (teachers)")
    public ProgressResponses.UserProgress ofUser(@PathParam("id") long id) {
        return progress.progressOf(id);
    }
}
