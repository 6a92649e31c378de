package academy.datadetective.progress;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/export")
@RolesAllowed({ "teacher", "admin" })
@Tag(name = "Reports")
public class ExportResource {

    private static final String DATE = "^\\d{4}-\\d{2}-\\d{2}$";

    private final ExportService exports;

    ExportResource(ExportService exports) {
        this.exports = exports;
    }

    @GET
    @Path("students")
    @Produces("text/csv; charset=utf-8")
    @Operation(summary = "Every student with points and completion in a date range, and last activity, as CSV (teachers)")
    public Response students(@QueryParam("start_date") @Pattern(regexp = DATE, message = "must be YYYY-MM-DD") String start,
            @QueryParam("end_date") @Pattern(regexp = DATE, message = "must be YYYY-MM-DD") String end) {
        ExportService.Period period = ExportService.Period.parse(start, end);
        StreamingOutput body = out -> exports.writeStudents(period, out);
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"students_export.csv\"")
                .build();
    }
}
