package academy.datadetective.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * An uploaded CSV as the API reads one: RFC 4180 with a header row, blank lines skipped, a spreadsheet's
 * byte-order mark ignored, and strict UTF-8, so that a file saved as Latin-1 is refused rather than stored
 * with mangled text. Every way the file can be unreadable becomes the caller's own 400.
 */
public final class CsvInput {

    @FunctionalInterface
    public interface Reading<T> {
        /** @param header the column names, never empty */
        T read(List<String> header, Iterable<CSVRecord> records);
    }

    private CsvInput() {
    }

    /**
     * @param refusal builds the caller's exception from a message such as "File must be UTF-8 encoded text"
     * @param emptyMessage what to say when the file has no header row
     */
    public static <T> T read(InputStream csv, Function<String, ? extends RuntimeException> refusal, String emptyMessage,
            Reading<T> reading) {
        Reader reader = new InputStreamReader(csv, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setTrim(true).get().parse(reader)) {
            List<String> header = parser.getHeaderNames().stream().map(name -> name.replace("\uFEFF", "")).toList();
            if (header.isEmpty()) {
                throw refusal.apply(emptyMessage);
            }
            return reading.read(header, parser);
        } catch (CharacterCodingException e) {
            throw refusal.apply("File must be UTF-8 encoded text");
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw refusal.apply("File must be UTF-8 encoded text");
            }
            throw refusal.apply("Error parsing CSV: " + e.getCause().getMessage());
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().contains("header is missing")) {
                throw refusal.apply(emptyMessage);
            }
            throw refusal.apply("Error parsing CSV: " + e.getMessage());
        }
    }
}
