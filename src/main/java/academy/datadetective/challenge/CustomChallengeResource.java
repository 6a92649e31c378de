package academy.datadetective.challenge;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import academy.datadetective.common.Message;
import academy.datadetective.identity.CurrentUser;

/** A teacher's own custom challenges; students have no access here (they submit through /progress/submit). */
@Path("/challenges/custom")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("teacher")
@Tag(name = "Custom challenges")
public class CustomChallengeResource {

    /** The original caps the page size silently rather than refusing a larger one. */
    static final int MAX_PAGE = 100;

    private final CustomChallengeService challenges;
    private final CurrentUser currentUser;

    CustomChallengeResource(CustomChallengeService challenges, CurrentUser currentUser) {
        this.challenges = challenges;
        this.currentUser = currentUser;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a challenge on one of the caller's datasets; its expected query runs once in the dataset sandbox")
    public Response create(@Valid @NotNull CustomChallengeRequests.Create request) {
        return Response.status(Response.Status.CREATED).entity(challenges.create(currentUser.id(), request)).build();
    }

    @GET
    @Operation(summary = "The caller's custom challenges, newest first, with attempt statistics (limit capped at 100)")
    public CustomChallengeResponses.Page list(@QueryParam("dataset_id") Long datasetId, @QueryParam("is_active") Boolean active,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset, @QueryParam("limit") @DefaultValue("50") @Min(1) int limit) {
        return challenges.list(currentUser.id(), datasetId, active, offset, Math.min(limit, MAX_PAGE));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of the caller's custom challenges with its cached expected output")
    public CustomChallengeResponses.Detail get(@PathParam("id") long id) {
        return challenges.get(currentUser.id(), id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change any field but the dataset; a new expected query is checked and run again")
    public CustomChallengeResponses.View update(@PathParam("id") long id, @Valid @NotNull CustomChallengeRequests.Update request) {
        return challenges.update(currentUser.id(), id, request);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a custom challenge with its attempts, progress and hints")
    public Message delete(@PathParam("id") long id) {
        CustomChallengeService.Removed removed = challenges.delete(currentUser.id(), id);
        return new Message("Challenge deleted successfully (removed " + removed.attempts() + " attempt(s) and " + removed.progress()
                + " progress record(s))");
    }
}
