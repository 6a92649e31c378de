package academy.datadetective.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnswerCheckTest {

    @Test
    void caseSpacingCommentsAndOneTrailingSemicolonDoNotMatter() {
        String expected = "SELECT name, email FROM users";
        assertTrue(AnswerCheck.matches("select   NAME,\n\temail from USERS", expected));
        assertTrue(AnswerCheck.matches("SELECT name, email -- the two columns\nFROM users", expected));
        assertTrue(AnswerCheck.matches("SELECT /* both */ name, email FROM users ;", expected));
        assertTrue(AnswerCheck.matches("  SELECT name, email FROM users;  ", expected));
        assertEquals("select name, email from users", AnswerCheck.normalise("SELECT name, email FROM users;"));
    }

    @Test
    void columnOrderAliasesAndExtraStatementsAreWrong() {
        String expected = "SELECT name, email FROM users";
        assertFalse(AnswerCheck.matches("SELECT email, name FROM users", expected));
        assertFalse(AnswerCheck.matches("SELECT u.name, u.email FROM users u", expected));
        assertFalse(AnswerCheck.matches("SELECT name, email FROM users;;", expected));
        assertFalse(AnswerCheck.matches("SELECT name, email FROM users; DROP TABLE users", expected));
        assertFalse(AnswerCheck.matches("", expected));
    }
}
