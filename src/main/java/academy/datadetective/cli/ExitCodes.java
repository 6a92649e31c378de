package academy.datadetective.cli;

/** Exit codes of the operator commands, as README documents them. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The command ran and failed: a migration, rollback or check did not succeed. */
    public static final int FAILED = 1;
    /** The command line was wrong (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** The command refused to act: confirmation missing or declined, or not allowed in this profile. */
    public static final int REFUSED = 3;

    private ExitCodes() {
    }
}
