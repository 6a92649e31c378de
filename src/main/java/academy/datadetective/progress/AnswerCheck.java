package academy.datadetective.progress;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Grades an answer by its text, as the original did: case, spacing and comments do not matter, and
 * (unlike the original) neither does one trailing semicolon. Column order and aliases still do.
 */
public final class AnswerCheck {

    private static final Pattern LINE_COMMENT = Pattern.compile("--[^\\n]*");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private AnswerCheck() {
    }

    public static boolean matches(String submitted, String expected) {
        return normalise(submitted).equals(normalise(expected));
    }

    static String normalise(String query) {
        String text = query.toLowerCase(Locale.ROOT);
        text = LINE_COMMENT.matcher(text).replaceAll("");
        text = BLOCK_COMMENT.matcher(text).replaceAll("");
        text = WHITESPACE.matcher(text.strip()).replaceAll(" ");
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).stripTrailing();
        }
        return text;
    }
}
