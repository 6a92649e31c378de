package academy.datadetective.user;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/import")
@RolesAllowed({ "teacher", "admin" })
@Tag(name = "Users")
public class StudentImportResource {

    private final StudentImportService imports;

    StudentImportResource(StudentImportService imports) {
        this.imports = imports;
    }

    @POST
    @Path("students")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create students from a CSV (columns email, name); per-row report with temporary passwords (teachers)")
    public StudentImportResponses importStudents(@RestForm("file") FileUpload file) {
        if (file == null) {
            throw new StudentImportException("CSV file is empty");
        }
        try (InputStream csv = Files.newInputStream(file.uploadedFile())) {
            return imports.importStudents(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
