package academy.datadetective.dataset;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import academy.datadetective.common.Message;
import academy.datadetective.identity.CurrentUser;

/** A teacher's own datasets. Served at /datasets and /datasets/. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("teacher")
@Tag(name = "Datasets")
public class DatasetResource {

    /** The original caps the page size silently rather than refusing a larger one. */
    static final int MAX_PAGE = 100;

    private final DatasetService datasets;
    private final CurrentUser currentUser;

    DatasetResource(DatasetService datasets, CurrentUser currentUser) {
        this.datasets = datasets;
        this.currentUser = currentUser;
    }

    @POST
    @Path("upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a CSV (multipart: file, name, description) as a new dataset table")
    public Response upload(@RestForm("file") FileUpload file, @RestForm("name") @NotBlank @Size(max = 200) String name,
            @RestForm("description") @Size(max = 1000) String description) {
        if (file == null) {
            throw new InvalidDatasetException("File is empty");
        }
        DatasetResponses.Created created = datasets.upload(currentUser.id(), name.strip(), blankToNull(description),
                new DatasetService.Upload(file.fileName(), file.uploadedFile(), file.size()));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Operation(summary = "The caller's datasets, newest first (limit capped at 100)")
    public DatasetResponses.Page list(@QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("50") @Min(1) int limit) {
        return datasets.list(currentUser.id(), offset, Math.min(limit, MAX_PAGE));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of the caller's datasets with its schema and first rows")
    public DatasetResponses.Detail get(@PathParam("id") long id) {
        return datasets.get(currentUser.id(), id);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a dataset, its table and its custom challenges with their attempts and progress")
    public Message delete(@PathParam("id") long id) {
        long challenges = datasets.delete(currentUser.id(), id);
        return new Message("Dataset deleted successfully (removed " + challenges + " associated challenge(s))");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
