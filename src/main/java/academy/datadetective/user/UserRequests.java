package academy.datadetective.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of /users, with the original service's field names and limits. */
public final class UserRequests {

    private UserRequests() {
    }

    /** PUT /users/me: only the name can change. */
    public record Rename(@NotBlank @Size(min = 1, max = 100) String name) {
    }

    /** PUT /users/{id} (admin): every field is optional; an absent one stays as it is. */
    public record Update(
            @Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
            @Pattern(regexp = "^(student|teacher|admin)$", message = "must be student, teacher or admin") String role) {
    }
}
