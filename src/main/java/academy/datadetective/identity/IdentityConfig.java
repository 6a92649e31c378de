package academy.datadetective.identity;

import io.smallrye.config.ConfigMapping;

/** Who the caller is; README "Configuration" lists each setting with its variable. */
@ConfigMapping(prefix = "academy.identity")
public interface IdentityConfig {

    /**
     * How many verified access tokens are remembered (VERIFIED_TOKEN_CACHE_SIZE; 0: none), so that a token's
     * RS256 signature is checked once, not on each of its requests. About 3 KB each.
     */
    int verifiedTokenCacheSize();
}
