package academy.datadetective.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * Strict-Transport-Security on answers served over TLS, by this server or by an ingress that says so in a
 * forwarded header (believed only as PROXY_ADDRESS_FORWARDING allows). Browsers ignore the header over plain
 * HTTP, and a fixed header in the HTTP configuration would send it there too; hence a filter, the one
 * security header that is not configuration (application.properties has the others).
 */
@ApplicationScoped
public class StrictTransportSecurity {

    /** A year, the value browsers' preload lists ask for. */
    static final String VALUE = "max-age=31536000; includeSubDomains";

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if ("https".equals(context.request().scheme())) {
                context.response().putHeader("Strict-Transport-Security", VALUE);
            }
            context.next();
        }, 100);
    }
}
