package academy.datadetective.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows a teacher's query returned, stored as column names plus value lists because jsonb sorts the keys of
 * an object: row objects stored as such would lose their column order.
 */
public record QueryOutput(List<String> columns, List<List<Object>> rows) {

    /** The rows as objects in column order, as the original's {@code expected_output}. */
    public List<Map<String, Object>> rowObjects() {
        List<Map<String, Object>> objects = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                object.put(columns.get(i), row.get(i));
            }
            objects.add(object);
        }
        return objects;
    }
}
