package academy.datadetective.progress;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "teacher", "admin" })
@Tag(name = "Reports")
public class ReportResource {

    private final ReportService reports;

    ReportResource(ReportService reports) {
        this.reports = reports;
    }

    @GET
    @Path("reports/weekly")
    @Operation(summary = "Students' completions of the last 7 days: totals, top 5, and those with fewer than 3 (teachers)")
    public ReportResponses.Weekly weekly(@QueryParam("struggling_limit") @DefaultValue("100") @Min(1) @Max(1000) int strugglingLimit) {
        return reports.weekly(strugglingLimit);
    }

    @GET
    @Path("analytics/class")
    @Operation(summary = "Class metrics, per-challenge statistics, difficulty and four weekly trends (teachers)")
    public ReportResponses.ClassAnalytics classAnalytics() {
        return reports.classAnalytics();
    }
}
