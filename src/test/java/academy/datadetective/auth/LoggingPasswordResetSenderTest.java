package academy.datadetective.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import academy.datadetective.LogCapture;

@QuarkusTest
class LoggingPasswordResetSenderTest {

    @Test
    void logsAMaskedNoticeButNeverTheToken() {
        try (LogCapture capture = LogCapture.of(LoggingPasswordResetSender.class.getName())) {
            String token = OpaqueTokens.newToken();
            new LoggingPasswordResetSender().send("alice.cooper@example.com", token, Instant.now());
            List<String> lines = capture.texts();

            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("a***@example.com"), lines.get(0));
            assertFalse(lines.get(0).contains(token), lines.get(0));
            assertFalse(lines.get(0).contains(token.substring(0, 8)), lines.get(0));
            assertFalse(lines.get(0).contains("alice.cooper"), lines.get(0));
        }
    }
}
