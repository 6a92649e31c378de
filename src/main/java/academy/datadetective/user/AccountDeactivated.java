package academy.datadetective.user;

/**
 * Fired inside the transaction that deactivates an account, so that whoever holds its sessions ends them in the
 * same commit (the auth feature); the user feature does not know what a session is.
 */
public record AccountDeactivated(long userId) {
}
