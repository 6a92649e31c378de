package academy.datadetective.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Tokens, registration, password resets and login throttling; README "Configuration" lists each with its variable. */
@ConfigMapping(prefix = "academy.auth")
public interface AuthConfig {

    /** How long an access token (JWT) is valid (ACCESS_TOKEN_LIFESPAN). */
    Duration accessTokenLifespan();

    /** How long a refresh token is valid; each use issues a new one with a fresh lifespan (REFRESH_TOKEN_LIFESPAN). */
    Duration refreshTokenLifespan();

    /** How long a password reset token is valid (PASSWORD_RESET_TOKEN_LIFESPAN). */
    Duration passwordResetTokenLifespan();

    /**
     * Whether self-registration may choose the teacher role (REGISTRATION_TEACHER_ALLOWED); dev only by default,
     * elsewhere an administrator makes teachers. {@link AuthStartupWarnings} warns when an operator opens it.
     */
    boolean registrationTeacherAllowed();

    /**
     * Whether the password reset request answers with the reset token itself, as the original service did.
     * Off in prod, where only the configured sender delivers it (PASSWORD_RESET_TOKEN_IN_RESPONSE).
     */
    boolean passwordResetTokenInResponse();

    Throttle throttle();

    interface Throttle {

        /**
         * Login attempts for one account from one client address within a window before that address gets 429 for
         * that account to the end of the window; from any address, before each further attempt waits out the
         * account's backoff (LOGIN_MAX_FAILURES_PER_ACCOUNT). A successful login starts both over.
         */
        int maxFailuresPerAccount();

        /**
         * Failed (or still running) login attempts from one client address within a window before further attempts
         * get 429 to the end of it (LOGIN_MAX_FAILURES_PER_IP). High enough for a school's classes signing in at
         * once behind one address; the guessing of one account is bounded by the limits per account.
         */
        int maxFailuresPerIp();

        /** Length of a throttling window (LOGIN_THROTTLE_WINDOW); an account's failures are forgotten after one too. */
        Duration window();

        /** The first wait of an account past its limit; each further attempt doubles it (LOGIN_ACCOUNT_BACKOFF). */
        Duration accountBackoff();

        /** The longest an account ever waits, whoever failed for it (LOGIN_ACCOUNT_BACKOFF_MAX). */
        Duration accountBackoffMax();

        /**
         * Registrations and password reset requests and confirms from one client address within a window before
         * further ones get 429 to the end of it (ACCOUNT_REQUESTS_MAX_PER_IP).
         */
        int maxAccountRequestsPerIp();
    }

    /** Cron of the clean-up of expired and revoked tokens (TOKEN_CLEANUP_CRON); "off" disables it. */
    String tokenCleanupCron();
}
