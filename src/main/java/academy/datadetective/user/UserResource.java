package academy.datadetective.user;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

import academy.datadetective.identity.CurrentUser;
import academy.datadetective.identity.Role;

/**
 * Accounts as teachers and admins manage them, and the caller's own account. The role that counts is
 * the one in the database ({@link CurrentUser}); the rules per account live in {@link UserAdministration}.
 */
@Path("/users")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
public class UserResource {

    private final UserService users;
    private final UserDirectory directory;
    private final UserAdministration administration;
    private final UserDetail detail;
    private final CurrentUser currentUser;

    UserResource(UserService users, UserDirectory directory, UserAdministration administration, UserDetail detail,
            CurrentUser currentUser) {
        this.users = users;
        this.directory = directory;
        this.administration = administration;
        this.detail = detail;
        this.currentUser = currentUser;
    }

    /** Served at /users and /users/ alike (the original's list route had the slash). */
    @GET
    @RolesAllowed({ "teacher", "admin" })
    @Operation(summary = "List accounts with their points and completed challenges, one page at a time")
    public UserResponses.UserPage list(
            @QueryParam("role") String role,
            @QueryParam("sort") @DefaultValue("name") @Pattern(regexp = UserSort.PATTERN, message = "must be name, points or date") String sort,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(1000) int limit,
            @QueryParam("include_deactivated") @DefaultValue("false") boolean includeDeactivated) {
        return directory.list(new UserDirectory.ListCriteria(role, UserSort.fromValue(sort), offset, limit, includeDeactivated));
    }

    @GET
    @Path("me")
    @RolesAllowed({ "student", "teacher", "admin" })
    @Operation(summary = "The calling user")
    public UserView me() {
        return users.findActive(currentUser.id()).map(Account::view).orElseThrow(CurrentUser::gone);
    }

    @PUT
    @Path("me")
    @RolesAllowed({ "student", "teacher", "admin" })
    @Operation(summary = "Change the calling user's name")
    public UserView renameMe(@Valid @NotNull UserRequests.Rename request) {
        return users.rename(currentUser.id(), request.name()).orElseThrow(CurrentUser::gone);
    }

    /** With {@code detailed=true}, the account's learning in detail (metrics, completed challenges, recent activity). */
    @GET
    @Path("{id}")
    @RolesAllowed({ "student", "teacher", "admin" })
    @Operation(summary = "One account, or with detailed=true its learning detail; a student may read only their own")
    public Object get(@PathParam("id") long id, @QueryParam("detailed") @DefaultValue("false") boolean detailed) {
        if (currentUser.role() == Role.STUDENT && currentUser.id() != id) {
            throw new UserAccessDeniedException();
        }
        UserView user = users.get(id);
        return detailed ? detail.of(user) : user;
    }

    @PUT
    @Path("{id}")
    @RolesAllowed("admin")
    @Operation(summary = "Change an account's name or role (admin)")
    public UserView update(@PathParam("id") long id, @Valid @NotNull UserRequests.Update request) {
        return administration.update(currentUser.id(), id, request);
    }

    @POST
    @Path("{id}/deactivate")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({ "teacher", "admin" })
    @Operation(summary = "Deactivate an account and end its sessions (teachers: students only; admins: anyone but themselves)")
    public UserResponses.AccountStatus deactivate(@PathParam("id") long id) {
        return administration.deactivate(currentUser.id(), currentUser.role(), id);
    }

    @POST
    @Path("{id}/reactivate")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({ "teacher", "admin" })
    @Operation(summary = "Reactivate a deactivated account (teachers: students only; admins: anyone but themselves)")
    public UserResponses.AccountStatus reactivate(@PathParam("id") long id) {
        return administration.reactivate(currentUser.id(), currentUser.role(), id);
    }

    @DELETE
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("admin")
    @Operation(summary = "Delete an account with its sessions and learning history (admin; not a teacher who owns datasets or challenges)")
    public Response delete(@PathParam("id") long id) {
        administration.delete(currentUser.id(), id);
        return Response.noContent().build();
    }
}
