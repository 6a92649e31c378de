package academy.datadetective.auth;

import java.time.Instant;

/**
 * Delivers a password reset token to the account's owner. There is no mail server here: the default
 * ({@link LoggingPasswordResetSender}) only logs that a token was issued; a deployment with mail
 * provides its own bean.
 */
public interface PasswordResetSender {

    void send(String email, String resetToken, Instant expiresAt);
}
