package academy.datadetective.auth;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;
import io.quarkus.panache.common.Parameters;

import academy.datadetective.identity.AuthenticationRequiredException;
import academy.datadetective.identity.CurrentUser;
import academy.datadetective.identity.Role;
import academy.datadetective.user.Account;
import academy.datadetective.user.PasswordHasher;
import academy.datadetective.user.UserService;
import academy.datadetective.user.UserView;

/**
 * Registration, login, sessions and passwords. bcrypt runs outside any transaction, so that a slow
 * hash never holds a database connection.
 */
@ApplicationScoped
public class AuthService {

    static final String INCORRECT_CREDENTIALS = "Incorrect email or password";
    static final String INVALID_REFRESH_TOKEN = "Invalid refresh token";
    static final String INVALID_RESET_TOKEN = "Invalid or expired reset token";

    private final UserService users;
    private final TokenService tokens;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final PasswordResetSender resetSender;
    private final AuthConfig config;
    private final LoginFailures failures;

    AuthService(UserService users, TokenService tokens, PasswordHasher hasher, LoginThrottle throttle,
            PasswordResetSender resetSender, AuthConfig config, LoginFailures failures) {
        this.users = users;
        this.tokens = tokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.resetSender = resetSender;
        this.config = config;
        this.failures = failures;
    }

    public UserView register(AuthRequests.Register request, String clientAddress) {
        throttle.countAccountRequest(clientAddress);
        Role role = Role.fromValue(request.role());
        if (role == Role.TEACHER && !config.registrationTeacherAllowed()) {
            throw new TeacherRegistrationClosedException();
        }
        return users.create(request.email(), request.name(), role, hasher.hash(request.password())).view();
    }

    public AuthResponses.Tokens login(AuthRequests.Login request, String clientAddress) {
        String email = UserService.normaliseEmail(request.email());
        try {
            throttle.countLoginAttempt(email, clientAddress);
        } catch (TooManyAttemptsException e) {
            failures.count(LoginFailures.Reason.THROTTLED);
            throw e;
        }
        Optional<Account> user = users.findActiveByEmail(email);
        boolean valid;
        if (user.isPresent()) {
            valid = hasher.matches(request.password(), user.get().passwordHash());
        } else {
            hasher.spendComparableTime(request.password());
            valid = false;
        }
        if (!valid) {
            failures.count(user.isPresent() ? LoginFailures.Reason.WRONG_PASSWORD : LoginFailures.Reason.UNKNOWN_ACCOUNT);
            Log.infof("Failed login from %s", clientAddress);
            throw new AuthenticationRequiredException(INCORRECT_CREDENTIALS);
        }
        throttle.loginSucceeded(email, clientAddress);
        if (hasher.isWeaker(user.get().passwordHash())) {
            // An imported account's temporary password, or one hashed before BCRYPT_COST was raised
            users.changePasswordHash(user.get().id(), hasher.hash(request.password()));
        }
        users.recordLogin(user.get().id(), Instant.now());
        return AuthResponses.Tokens.bearer(tokens.accessToken(user.get()), tokens.startSession(user.get().id()));
    }

    public AuthResponses.Tokens refresh(String refreshToken) {
        TokenService.Rotation rotation = tokens.rotate(refreshToken);
        if (rotation instanceof TokenService.Rotation.Rejected rejected) {
            throw new AuthenticationRequiredException(rejected.reason());
        }
        TokenService.Rotation.Rotated rotated = (TokenService.Rotation.Rotated) rotation;
        Account user = users.findActive(rotated.userId())
                .orElseThrow(() -> new AuthenticationRequiredException(INVALID_REFRESH_TOKEN));
        return AuthResponses.Tokens.bearer(tokens.accessToken(user), rotated.refreshToken());
    }

    public void logout(String refreshToken) {
        if (!tokens.endSession(refreshToken)) {
            throw new AuthenticationRequiredException(INVALID_REFRESH_TOKEN);
        }
    }

    public int logoutEverywhere(long userId) {
        return tokens.endAllSessions(userId);
    }

    /** Ends every session: whoever knew the old password may hold one. */
    public void changePassword(long userId, AuthRequests.PasswordChange request) {
        Account user = users.findActive(userId).orElseThrow(CurrentUser::gone);
        if (!hasher.matches(request.currentPassword(), user.passwordHash())) {
            throw new WrongCurrentPasswordException();
        }
        users.changePasswordHash(userId, hasher.hash(request.newPassword()));
        tokens.endAllSessions(userId);
    }

    /**
     * Answers the same for known and unknown emails, so that the endpoint does not reveal accounts.
     * @return the token, for the configuration that shows it in the response (dev)
     */
    public Optional<String> requestPasswordReset(String email, String clientAddress) {
        throttle.countAccountRequest(clientAddress);
        Optional<Account> user = users.findActiveByEmail(email);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        String token = OpaqueTokens.newToken();
        Instant expiresAt = Instant.now().plus(config.passwordResetTokenLifespan());
        storeResetToken(user.get().id(), OpaqueTokens.hash(token), expiresAt);
        resetSender.send(user.get().email(), token, expiresAt);
        return Optional.of(token);
    }

    /**
     * Sets the new password, uses up every reset token of the user and ends every session. The token is looked up
     * before anything is hashed, so that made-up tokens cost no bcrypt; it is checked again, locked, when used.
     */
    public void confirmPasswordReset(AuthRequests.PasswordResetConfirm request, String clientAddress) {
        throttle.countAccountRequest(clientAddress);
        String tokenHash = OpaqueTokens.hash(request.resetToken());
        if (!resetTokenUsable(tokenHash) || !consumeResetToken(tokenHash, hasher.hash(request.newPassword()))) {
            throw new AuthenticationRequiredException(INVALID_RESET_TOKEN);
        }
    }

    /** The active account whose unused, unexpired reset token this is. */
    private Optional<Long> usableResetTokenOwner(String tokenHash, LockModeType lock) {
        Instant now = Instant.now();
        return PasswordResetToken.<PasswordResetToken>find("tokenHash", tokenHash).withLock(lock).firstResultOptional()
                .filter(token -> token.usedAt == null && token.expiresAt.isAfter(now))
                .map(token -> token.userId)
                .filter(userId -> users.findActive(userId).isPresent());
    }

    @Transactional
    void storeResetToken(long userId, String tokenHash, Instant expiresAt) {
        PasswordResetToken reset = new PasswordResetToken();
        reset.userId = userId;
        reset.tokenHash = tokenHash;
        reset.expiresAt = expiresAt;
        reset.persist();
    }

    @Transactional
    boolean resetTokenUsable(String tokenHash) {
        return usableResetTokenOwner(tokenHash, LockModeType.NONE).isPresent();
    }

    @Transactional
    boolean consumeResetToken(String tokenHash, String newPasswordHash) {
        Optional<Long> owner = usableResetTokenOwner(tokenHash, LockModeType.PESSIMISTIC_WRITE);
        if (owner.isEmpty()) {
            return false;
        }
        long userId = owner.get();
        Instant now = Instant.now();
        PasswordResetToken.update("usedAt = :now where userId = :user and usedAt is null",
                Parameters.with("now", now).and("user", userId));
        users.changePasswordHash(userId, newPasswordHash);
        tokens.endAllSessions(userId);
        return true;
    }
}
