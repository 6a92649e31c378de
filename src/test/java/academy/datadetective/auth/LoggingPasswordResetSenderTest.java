package academy.datadetective.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class LoggingPasswordResetSenderTest {

    @Test
    void logsAMaskedNoticeButNeverTheToken() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(LoggingPasswordResetSender.class.getName());
        logger.addHandler(capture);
        try {
            String token = OpaqueTokens.newToken();
            new LoggingPasswordResetSender().send("alice.cooper@example.com", token, Instant.now());

            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("a***@example.com"), lines.get(0));
            assertFalse(lines.get(0).contains(token), lines.get(0));
            assertFalse(lines.get(0).contains(token.substring(0, 8)), lines.get(0));
            assertFalse(lines.get(0).contains("alice.cooper"), lines.get(0));
        } finally {
            logger.removeHandler(capture);
        }
    }
}
