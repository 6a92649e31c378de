package academy.datadetective.user;

import io.smallrye.config.ConfigMapping;

/** Accounts' passwords; README "Configuration" lists each setting with its variable. */
@ConfigMapping(prefix = "academy.user")
public interface UserConfig {

    /**
     * bcrypt cost factor for new password hashes (BCRYPT_COST). 11 costs 190 ms of one core per check on
     * the reference machine (12: 380 ms), which keeps logins of a whole class within seconds on 2 cores.
     */
    int bcryptCost();
}
