package academy.datadetective.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import academy.datadetective.user.Password;

/** Request bodies of /auth, with the original service's field names and limits. */
public final class AuthRequests {

    private AuthRequests() {
    }

    public record Register(
            @NotBlank @Email @Size(max = 255) String email,
            @NotBlank @Size(min = 1, max = 100) String name,
            @NotNull @Password String password,
            @NotNull @Pattern(regexp = "^(student|teacher)$", message = "must be student or teacher") String role) {

        public Register {
            email = trimmed(email);
        }
    }

    public record Login(@NotBlank @Email @Size(max = 255) String email, @NotNull @Size(max = 1000) String password) {

        public Login {
            email = trimmed(email);
        }
    }

    public record RefreshTokenBody(@NotBlank @Size(max = 200) String refreshToken) {
    }

    public record PasswordChange(@NotNull @Size(max = 1000) String currentPassword, @NotNull @Password String newPassword) {
    }

    public record PasswordResetRequest(@NotBlank @Email @Size(max = 255) String email) {

        public PasswordResetRequest {
            email = trimmed(email);
        }
    }

    /** Emails are validated as the user meant them: surrounding spaces from a copy and paste do not count. */
    private static String trimmed(String email) {
        return email == null ? null : email.strip();
    }

    public record PasswordResetConfirm(@NotBlank @Size(max = 200) String resetToken, @NotNull @Password String newPassword) {
    }
}
