package academy.datadetective.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import academy.datadetective.LogCapture;

/** The test profile opens teacher registration, as an operator may outside dev: the server says what that opens. */
@QuarkusTest
class AuthStartupWarningsTest {

    @Inject
    AuthStartupWarnings warnings;

    @Test
    void openTeacherRegistrationIsNamedAtStartup() {
        try (LogCapture capture = LogCapture.of(AuthStartupWarnings.class.getName())) {
            warnings.warn();
            assertTrue(capture.texts().stream().anyMatch(text -> text.startsWith("REGISTRATION_TEACHER_ALLOWED=true: anyone can register as a teacher")),
                    capture.texts().toString());
        }
    }
}
