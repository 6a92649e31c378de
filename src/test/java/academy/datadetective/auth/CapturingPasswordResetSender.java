package academy.datadetective.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** Replaces the logging sender in tests, so that a test can read the token a user would have received. */
@ApplicationScoped
public class CapturingPasswordResetSender implements PasswordResetSender {

    private final Map<String, String> lastTokenByEmail = new ConcurrentHashMap<>();

    @Override
    public void send(String email, String resetToken, Instant expiresAt) {
        lastTokenByEmail.put(email, resetToken);
    }

    public Optional<String> lastTokenFor(String email) {
        return Optional.ofNullable(lastTokenByEmail.get(email));
    }
}
