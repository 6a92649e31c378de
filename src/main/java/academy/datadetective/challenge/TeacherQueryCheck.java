package academy.datadetective.challenge;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original's checks on a teacher's expected query, made exact: keywords count only as whole words
 * outside string literals, quoted names and comments, so that {@code created_at}, {@code executive} or
 * {@code WHERE note = 'please delete'} pass. These checks give teachers clear messages early; what keeps
 * the query from harming anything is the database sandbox it runs in (DatasetQueryRunner).
 */
final class TeacherQueryCheck {

    private static final List<String> FORBIDDEN = List.of("DROP", "DELETE", "INSERT", "UPDATE", "MERGE", "ALTER", "CREATE", "TRUNCATE",
            "GRANT", "REVOKE", "COPY", "CALL", "EXEC", "EXECUTE", "PRAGMA");
    private static final char HIDDEN = '\u0000';
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private TeacherQueryCheck() {
    }

    /**
     * @return the query to run: the teacher's, without one trailing semicolon
     * @throws InvalidTeacherQueryException naming the first rule it breaks
     */
    static String runnable(String query) {
        if (query == null || query.isBlank()) {
            throw new InvalidTeacherQueryException("Query cannot be empty");
        }
        String code = codeOnly(query);
        int end = code.stripTrailing().length();
        if (end > 0 && code.charAt(end - 1) == ';') {
            end--;
        }
        if (code.substring(0, end).indexOf(';') >= 0) {
            throw new InvalidTeacherQueryException("Only one statement is allowed");
        }
        if (code.substring(0, end).isBlank()) {
            throw new InvalidTeacherQueryException("Query cannot be empty");
        }
        if (!balanced(code.substring(0, end))) {
            throw new InvalidTeacherQueryException("Unbalanced parentheses in query");
        }
        Matcher words = WORD.matcher(code.substring(0, end));
        String first = words.find() ? words.group().toUpperCase(Locale.ROOT) : "";
        if (!first.equals("SELECT") && !first.equals("WITH")) {
            throw new InvalidTeacherQueryException("Only SELECT queries are allowed (got " + (first.isEmpty() ? "no keyword" : first) + ")");
        }
        words.reset();
        while (words.find()) {
            String word = words.group().toUpperCase(Locale.ROOT);
            if (FORBIDDEN.contains(word)) {
                throw new InvalidTeacherQueryException("Forbidden keyword in query: " + word);
            }
        }
        return query.substring(0, end);
    }

    private static boolean balanced(String code) {
        int depth = 0;
        for (int i = 0; i < code.length() && depth >= 0; i++) {
            depth += code.charAt(i) == '(' ? 1 : code.charAt(i) == ')' ? -1 : 0;
        }
        return depth == 0;
    }

    /**
     * The query with comments, string literals and quoted names blanked out, character for character, so
     * that positions still match the original text: comments as spaces (a trailing one is trailing space),
     * literals and quoted names as {@link #HIDDEN}, which no rule looks for.
     */
    static String codeOnly(String query) {
        StringBuilder code = new StringBuilder(query);
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            String tag = c == '$' ? dollarTag(query, i) : null;
            int end;
            if (query.startsWith("--", i)) {
                end = query.indexOf('\n', i);
                end = end < 0 ? query.length() : end;
            } else if (query.startsWith("/*", i)) {
                end = query.indexOf("*/", i + 2);
                end = end < 0 ? query.length() : end + 2;
            } else if (c == '\'') {
                end = quotedEnd(query, i, '\'', escapeStringPrefix(query, i));
            } else if (c == '"') {
                end = quotedEnd(query, i, '"', false);
            } else if (tag != null) {
                int close = query.indexOf(tag, i + tag.length());
                end = close < 0 ? query.length() : close + tag.length();
            } else {
                i++;
                continue;
            }
            // Comments become spaces; literals and quoted names a character that is neither space nor code.
            char blank = c == '-' || c == '/' ? ' ' : HIDDEN;
            for (int j = i; j < end; j++) {
                code.setCharAt(j, blank);
            }
            i = end;
        }
        return code.toString();
    }

    /** Past the closing quote; a doubled quote (and, in E'' strings, a backslash) escapes. */
    private static int quotedEnd(String query, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < query.length()) {
            char c = query.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote && i + 1 < query.length() && query.charAt(i + 1) == quote) {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return query.length();
    }

    /**
     * {@code E'…'}: the quote follows an E that is a word of its own. In {@code name'x\'} the e ends a name,
     * the backslash is a plain character and the string ends at the second quote, as PostgreSQL reads it.
     */
    private static boolean escapeStringPrefix(String query, int quote) {
        return quote > 0 && (query.charAt(quote - 1) == 'E' || query.charAt(quote - 1) == 'e')
                && (quote == 1 || !isIdentifierPart(query.charAt(quote - 2)));
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** {@code $$} or {@code $tag$} starting at {@code i}, or null; a {@code $1} parameter is not one. */
    private static String dollarTag(String query, int i) {
        int close = query.indexOf('$', i + 1);
        if (close < 0) {
            return null;
        }
        String tag = query.substring(i, close + 1);
        return tag.length() == 2 || tag.substring(1, tag.length() - 1).matches("[A-Za-z_][A-Za-z0-9_]*") ? tag : null;
    }
}
