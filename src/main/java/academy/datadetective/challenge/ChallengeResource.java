package academy.datadetective.challenge;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import academy.datadetective.identity.CurrentUser;
import academy.datadetective.identity.Role;

/** The built-in catalogue, for every signed-in user; sample solutions only for teachers and admins. */
@Path("/challenges")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "student", "teacher", "admin" })
@Tag(name = "Challenges")
public class ChallengeResource {

    private final ChallengeService challenges;
    private final CurrentUser currentUser;

    ChallengeResource(ChallengeService challenges, CurrentUser currentUser) {
        this.challenges = challenges;
        this.currentUser = currentUser;
    }

    @GET
    @Operation(summary = "Every unit with its challenges and their statistics")
    public ChallengeResponses.Catalogue catalogue() {
        return challenges.catalogue(seesSolutions());
    }

    @GET
    @Path("{unitId: \\d+}")
    @Operation(summary = "One unit with its challenges")
    public ChallengeResponses.UnitChallenges unit(@PathParam("unitId") int unitId) {
        return challenges.unit(unitId, seesSolutions());
    }

    @GET
    @Path("{unitId: \\d+}/{challengeId: \\d+}")
    @Operation(summary = "One challenge with its statistics")
    public ChallengeResponses.Detail challenge(@PathParam("unitId") int unitId, @PathParam("challengeId") int challengeId) {
        return challenges.challenge(unitId, challengeId, seesSolutions());
    }

    private boolean seesSolutions() {
        return currentUser.role() != Role.STUDENT;
    }
}
