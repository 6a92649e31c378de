package academy.datadetective.auth;

import jakarta.annotation.security.PermitAll;
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

import io.vertx.core.http.HttpServerRequest;

import academy.datadetective.common.Message;
import academy.datadetective.identity.CurrentUser;

@Path("/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class AuthResource {

    private final AuthService auth;
    private final CurrentUser currentUser;
    private final AuthConfig config;

    AuthResource(AuthService auth, CurrentUser currentUser, AuthConfig config) {
        this.auth = auth;
        this.currentUser = currentUser;
        this.config = config;
    }

    @POST
    @Path("register")
    @PermitAll
    @Operation(summary = "Create a student (or, where allowed, teacher) account")
    public Response register(@Valid @NotNull AuthRequests.Register request, HttpServerRequest http) {
        return Response.status(Response.Status.CREATED).entity(auth.register(request, clientAddress(http))).build();
    }

    @POST
    @Path("login")
    @PermitAll
    @Operation(summary = "Exchange email and password for an access token and a refresh token")
    public AuthResponses.Tokens login(@Valid @NotNull AuthRequests.Login request, HttpServerRequest http) {
        return auth.login(request, clientAddress(http));
    }

    @POST
    @Path("refresh")
    @PermitAll
    @Operation(summary = "Exchange a refresh token for a new access token and a new refresh token (rotation)")
    public AuthResponses.Tokens refresh(@Valid @NotNull AuthRequests.RefreshTokenBody request) {
        return auth.refresh(request.refreshToken());
    }

    @POST
    @Path("logout")
    @PermitAll
    @Operation(summary = "End the session of a refresh token")
    public Message logout(@Valid @NotNull AuthRequests.RefreshTokenBody request) {
        auth.logout(request.refreshToken());
        return new Message("Successfully logged out");
    }

    @POST
    @Path("logout-all")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({ "student", "teacher", "admin" })
    @Operation(summary = "End every session of the calling user")
    public AuthResponses.SessionsEnded logoutEverywhere() {
        int ended = auth.logoutEverywhere(currentUser.id());
        return new AuthResponses.SessionsEnded("Logged out of every session", ended);
    }

    @POST
    @Path("password-change")
    @RolesAllowed({ "student", "teacher", "admin" })
    @Operation(summary = "Change the calling user's password; ends every session")
    public Message changePassword(@Valid @NotNull AuthRequests.PasswordChange request) {
        auth.changePassword(currentUser.id(), request);
        return new Message("Password changed; please log in again");
    }

    @POST
    @Path("password-reset-request")
    @PermitAll
    @Operation(summary = "Send a password reset token to the account's owner")
    public AuthResponses.ResetRequested requestPasswordReset(@Valid @NotNull AuthRequests.PasswordResetRequest request,
            HttpServerRequest http) {
        String token = auth.requestPasswordReset(request.email(), clientAddress(http)).orElse("");
        return new AuthResponses.ResetRequested("If this email exists, a reset token has been sent",
                config.passwordResetTokenInResponse() ? token : null);
    }

    @POST
    @Path("password-reset-confirm")
    @PermitAll
    @Operation(summary = "Set a new password with a reset token")
    public Message confirmPasswordReset(@Valid @NotNull AuthRequests.PasswordResetConfirm request, HttpServerRequest http) {
        auth.confirmPasswordReset(request, clientAddress(http));
        return new Message("Password has been reset successfully");
    }

    /** The peer, or the X-Forwarded-For address when the peer is a trusted proxy (quarkus.http.proxy.*). */
    private static String clientAddress(HttpServerRequest http) {
        return http.remoteAddress().hostAddress();
    }
}
