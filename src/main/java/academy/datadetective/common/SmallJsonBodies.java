package academy.datadetective.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A small JSON request body (a login, a submission: a few hundred bytes) is read whole on the event loop before its
 * endpoint runs, as Quarkus REST does for non-blocking endpoints. For the blocking ones it would otherwise hand the
 * body to the worker thread through a stream both threads synchronise on, which cost a third of the service's CPU
 * on {@code POST /progress/submit} (issue 21's profile). Larger bodies, and every upload, keep streaming.
 */
@ApplicationScoped
public class SmallJsonBodies {

    /** The largest body read whole; the API's JSON requests stay far below it. */
    static final int MAX_BYTES = 64 * 1024;

    /** Before Quarkus REST (which reads the body) and after the security headers' filter. */
    private static final int PRIORITY = 90;

    void register(@Observes Filters filters) {
        BodyHandler whole = BodyHandler.create(false).setBodyLimit(MAX_BYTES);
        filters.register(context -> {
            String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (type != null && type.startsWith("application/json") && length != null && fits(length)) {
                whole.handle(context);
            } else {
                context.next();
            }
        }, PRIORITY);
    }

    private static boolean fits(String contentLength) {
        try {
            long bytes = Long.parseLong(contentLength.trim());
            // Not an empty one: Vert.x then keeps no body, and Quarkus REST would wait for one on the ended request.
            return bytes > 0 && bytes <= MAX_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
