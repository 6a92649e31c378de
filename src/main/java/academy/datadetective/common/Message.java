package academy.datadetective.common;

/** A confirmation with nothing else to return, as the original's {@code {"message": …}} bodies. */
public record Message(String message) {
}
