package academy.datadetective.progress;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Submissions and their statistics; README "Configuration" lists each setting with its variable. */
@ConfigMapping(prefix = "academy.progress")
public interface ProgressConfig {

    /**
     * How often the statistics' per-session counter rows are folded into one (COUNTER_FOLD_INTERVAL). Reads
     * are exact either way; folding keeps the rows they sum few.
     */
    Duration counterFoldInterval();
}
