package academy.datadetective.user;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A new password: at least 8 characters, at most 72 bytes in UTF-8 (bcrypt ignores the rest, which the
 * original silently truncated), no composition rules (NIST SP 800-63B).
 */
@Documented
@Constraint(validatedBy = Password.Validator.class)
@Target({ FIELD, PARAMETER, RECORD_COMPONENT })
@Retention(RUNTIME)
public @interface Password {

    String message() default "must be at least 8 characters and at most 72 bytes";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<Password, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || acceptable(value);
        }

        /** Also for passwords that come from configuration rather than a request (the bootstrap admin). */
        public static boolean acceptable(String password) {
            return password.codePointCount(0, password.length()) >= 8 && password.getBytes(StandardCharsets.UTF_8).length <= 72;
        }
    }
}
