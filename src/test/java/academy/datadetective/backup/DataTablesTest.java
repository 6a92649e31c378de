package academy.datadetective.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import academy.datadetective.common.Sql;

class DataTablesTest {

    @Test
    void parentsComeBeforeChildrenAndEqualsAlphabetically() {
        Map<String, Set<String>> parents = Map.of(
                "progress", Set.of("users", "challenges", "custom_challenges"),
                "challenges", Set.of("units"),
                "custom_challenges", Set.of("users", "datasets"),
                "datasets", Set.of("users"),
                "employees", Set.of("employees"));
        assertEquals(List.of("employees", "units", "challenges", "users", "datasets", "custom_challenges", "progress"),
                DataTables.dependencyOrder(List.of("progress", "users", "units", "datasets", "custom_challenges", "challenges",
                        "employees"), parents));
    }

    @Test
    void aForeignKeyCycleIsReportedRatherThanLoadedInAnOrderThatFails() {
        assertThrows(IllegalStateException.class,
                () -> DataTables.dependencyOrder(List.of("a", "b"), Map.of("a", Set.of("b"), "b", Set.of("a"))));
    }

    @Test
    void identifiersAreQuotedForSql() {
        assertEquals("\"users\"", Sql.quote("users"));
        assertEquals("\"odd\"\"name\"", Sql.quote("odd\"name"));
    }
}
