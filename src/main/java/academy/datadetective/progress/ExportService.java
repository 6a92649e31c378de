package academy.datadetective.progress;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import academy.datadetective.common.Decimals;
import academy.datadetective.common.SpreadsheetCells;

/**
 * The students' CSV export, streamed: rows go from a database cursor to the response as they are read,
 * so memory does not grow with the number of students. RFC 4180 quoting and CRLF line ends, UTF-8; names and
 * emails are written so that a spreadsheet never runs them as formulas ({@link SpreadsheetCells}).
 */
@ApplicationScoped
public class ExportService {

    static final String[] HEADER = { "name", "email", "total_points", "completion_percentage", "last_active" };
    private static final DateTimeFormatter LAST_ACTIVE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int FETCH_SIZE = 500;

    private final DataSource dataSource;

    ExportService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The half-open UTC range [start 00:00, day after end 00:00); either end may be open. */
    public record Period(Optional<LocalDate> start, Optional<LocalDate> end) {

        public static Period parse(String start, String end) {
            Period period = new Period(date("start_date", start), date("end_date", end));
            if (period.start().isPresent() && period.end().isPresent() && period.start().get().isAfter(period.end().get())) {
                throw InvalidDateRangeException.reversed();
            }
            return period;
        }

        private static Optional<LocalDate> date(String parameter, String value) {
            if (value == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(LocalDate.parse(value));
            } catch (DateTimeParseException e) {
                throw InvalidDateRangeException.noSuchDate(parameter, value);
            }
        }
    }

    public void writeStudents(Period period, OutputStream out) {
        try (Connection connection = dataSource.getConnection()) {
            // A cursor needs a transaction; it is read-only and ends when the export does.
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT u.name, u.email, coalesce(r.points, 0), coalesce(r.built_in, 0),
                           (SELECT count(*) FROM challenges),
                           greatest((SELECT max(completed_at) FROM progress p WHERE p.user_id = u.id),
                                    (SELECT max(attempted_at) FROM attempts a WHERE a.user_id = u.id),
                                    (SELECT max(accessed_at) FROM hints h WHERE h.user_id = u.id))
                    FROM users u
                    LEFT JOIN LATERAL (
                        SELECT sum(p.points_earned) AS points, count(*) FILTER (WHERE p.unit_id IS NOT NULL) AS built_in
                        FROM progress p
                        WHERE p.user_id = u.id
                          AND (CAST(? AS timestamptz) IS NULL OR p.completed_at >= ?)
                          AND (CAST(? AS timestamptz) IS NULL OR p.completed_at < ?)) r ON true
                    WHERE u.role = 'student'
                    ORDER BY u.role, u.name, u.id""")) {
                Timestamp from = period.start().map(date -> Timestamp.from(date.atStartOfDay(ZoneOffset.UTC).toInstant())).orElse(null);
                Timestamp until = period.end().map(date -> Timestamp.from(date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
                        .orElse(null);
                statement.setTimestamp(1, from);
                statement.setTimestamp(2, from);
                statement.setTimestamp(3, until);
                statement.setTimestamp(4, until);
                statement.setFetchSize(FETCH_SIZE);
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                try (ResultSet rows = statement.executeQuery();
                        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
                    while (rows.next()) {
                        long catalogue = rows.getLong(5);
                        Timestamp lastActive = rows.getTimestamp(6);
                        csv.printRecord(SpreadsheetCells.text(rows.getString(1)), SpreadsheetCells.text(rows.getString(2)), rows.getLong(3),
                                percentage(rows.getLong(4), catalogue),
                                lastActive == null ? "Never" : LAST_ACTIVE.format(lastActive.toInstant()));
                    }
                    csv.flush();
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Export failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two decimals, printed as the original's Python floats were: 42.86, 100.0, 0.0. */
    static String percentage(long completed, long catalogue) {
        return catalogue == 0 ? "0.0" : Double.toString(Decimals.round2(completed * 100.0 / catalogue));
    }
}
