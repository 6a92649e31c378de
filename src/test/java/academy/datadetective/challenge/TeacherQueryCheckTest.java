package academy.datadetective.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TeacherQueryCheckTest {

    @Test
    void keywordsCountOnlyAsWholeWordsInCode() {
        assertEquals("SELECT created_at, updated_at, is_deleted, executive FROM dataset_1",
                TeacherQueryCheck.runnable("SELECT created_at, updated_at, is_deleted, executive FROM dataset_1"));
        assertEquals("SELECT * FROM dataset_1 WHERE note = 'please delete; then drop'",
                TeacherQueryCheck.runnable("SELECT * FROM dataset_1 WHERE note = 'please delete; then drop'"));
        // A trailing comment goes: the query runs as a subquery, whose closing parenthesis it would hide.
        assertEquals("SELECT \"update\" FROM dataset_1",
                TeacherQueryCheck.runnable("SELECT \"update\" FROM dataset_1 -- insert nothing\n"));
        assertEquals("select $$drop$$, E'it\\'s; delete' /* ; create */ from dataset_1",
                TeacherQueryCheck.runnable("select $$drop$$, E'it\\'s; delete' /* ; create */ from dataset_1"));
    }

    @Test
    void anEEndingANameDoesNotStartAnEscapeString() {
        // Read as E'…', the backslash hid the rest of the text from every rule (issue 18).
        assertRefused("SELECT name'x\\' AS a) q) r; PREPARE s AS SELECT 1", "Only one statement is allowed");
        assertEquals("SELECT E'x\\'; y' FROM dataset_1", TeacherQueryCheck.runnable("SELECT E'x\\'; y' FROM dataset_1"));
    }

    @Test
    void oneTrailingSemicolonIsDropped() {
        assertEquals("SELECT 1", TeacherQueryCheck.runnable("SELECT 1;"));
        assertEquals("SELECT 1 ", TeacherQueryCheck.runnable("SELECT 1 ;  -- the end"));
        assertEquals("WITH t AS (SELECT 1) SELECT * FROM t", TeacherQueryCheck.runnable("WITH t AS (SELECT 1) SELECT * FROM t"));
        assertEquals("(SELECT 1)", TeacherQueryCheck.runnable("(SELECT 1)"));
        // Unterminated: it passes these rules, and PostgreSQL reports the syntax error.
        assertEquals("SELECT 'a;b", TeacherQueryCheck.runnable("SELECT 'a;b"));
    }

    @Test
    void theOriginalsRulesStillHold() {
        assertRefused("", "Query cannot be empty");
        assertRefused("  \n ", "Query cannot be empty");
        assertRefused(";", "Query cannot be empty");
        assertRefused("-- nothing", "Query cannot be empty");
        assertRefused("DELETE FROM dataset_1", "Only SELECT queries are allowed (got DELETE)");
        assertRefused("SELECT 1; SELECT 2", "Only one statement is allowed");
        assertRefused("SELECT 1;;", "Only one statement is allowed");
        assertRefused("WITH gone AS (DELETE FROM dataset_1 RETURNING *) SELECT * FROM gone", "Forbidden keyword in query: DELETE");
        assertRefused("SELECT * FROM dataset_1 WHERE pg_catalog.execute = 1", "Forbidden keyword in query: EXECUTE");
        assertRefused("SELECT 1) AS q LIMIT 1) AS r UNION SELECT (1", "Unbalanced parentheses in query");
        assertRefused("SELECT (1", "Unbalanced parentheses in query");
        assertRefused("VALUES (1)", "Only SELECT queries are allowed (got VALUES)");
    }

    private static void assertRefused(String query, String detail) {
        InvalidTeacherQueryException refused = assertThrows(InvalidTeacherQueryException.class, () -> TeacherQueryCheck.runnable(query));
        assertEquals(detail, refused.getMessage());
    }
}
