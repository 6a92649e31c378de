package academy.datadetective.backup;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
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

/** Backups for operators (README "Backup and restore"); names outside the service's own pattern are never files. */
@Path("/admin/backups")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Administration")
public class BackupResource {

    /** Spelled out, so that a restore cannot happen by a stray {@code confirm=true}. */
    static final String RESTORE_CONFIRMATION = "replace-all-data";

    private final BackupTaker backups;
    private final BackupUploads uploads;
    private final BackupCatalogue catalogue;
    private final BackupRestore restores;
    private final BackupRotation rotation;
    private final BackupVerifier verifier;

    BackupResource(BackupTaker backups, BackupUploads uploads, BackupCatalogue catalogue, BackupRestore restores,
            BackupRotation rotation, BackupVerifier verifier) {
        this.backups = backups;
        this.uploads = uploads;
        this.catalogue = catalogue;
        this.restores = restores;
        this.rotation = rotation;
        this.verifier = verifier;
    }

    @POST
    @Operation(summary = "Take a backup now (admin); 409 while another backup or restore runs")
    public Response create() {
        BackupInfo backup = backups.backup();
        return Response.created(URI.create("/admin/backups/" + backup.name())).entity(backup).build();
    }

    @POST
    @Path("upload")
    @Consumes({ "application/gzip", MediaType.APPLICATION_OCTET_STREAM })
    @Operation(summary = "Upload a backup file (admin): streamed to disk, checked (gzip, header, optional sha256),"
            + " stored under a backup name; restore it by that name")
    public Response upload(InputStream body, @QueryParam("sha256") String sha256) {
        BackupInfo backup = uploads.store(body, Optional.ofNullable(sha256));
        return Response.created(URI.create("/admin/backups/" + backup.name())).entity(backup).build();
    }

    @GET
    @Operation(summary = "Backups in every destination, newest first, each with where its copies are (admin)")
    public List<BackupInfo> list() {
        return catalogue.list();
    }

    @POST
    @Path("prune")
    @Operation(summary = "Rotate every destination by the retention settings (admin); dry_run=true only says what would go and why")
    public PruneReport prune(@QueryParam("dry_run") @DefaultValue("false") boolean dryRun) {
        return rotation.prune(dryRun);
    }

    @GET
    @Path("{name}")
    @Produces({ "application/gzip", MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON })
    @Operation(summary = "Download a backup (admin): the directory's copy, else object storage's, checked against its SHA-256")
    public Response download(@PathParam("name") String name) {
        BackupName parsed = BackupCatalogue.name(name);
        Object body = catalogue.localFile(name).<Object>map(java.nio.file.Path::toFile).orElseGet(() -> catalogue.openVerified(name));
        return Response.ok(body, parsed.encrypted() ? MediaType.APPLICATION_OCTET_STREAM : "application/gzip")
                .header("Content-Disposition", "attachment; filename=\"" + parsed + "\"")
                .build();
    }

    @GET
    @Path("{name}/info")
    @Operation(summary = "One backup's facts: size, creation time, schema version, row counts, checksum (admin)")
    public BackupInfo info(@PathParam("name") String name) {
        return catalogue.get(name);
    }

    @POST
    @Path("{name}/restore")
    @Operation(summary = "Replace ALL data with a backup's (admin); needs confirm=" + RESTORE_CONFIRMATION
            + "; a safety backup is taken first")
    public RestoreReport restore(@PathParam("name") String name, @QueryParam("confirm") String confirm) {
        catalogue.get(name);
        if (!RESTORE_CONFIRMATION.equals(confirm)) {
            throw new RestoreNotConfirmedException();
        }
        return restores.restore(name);
    }

    @POST
    @Path("{name}/verify")
    @Operation(summary = "Read every copy of a backup whole (admin): its SHA-256, the stream decrypted and decompressed,"
            + " each COPY block's rows against the header; 200 with a report per copy, verified or not")
    public List<VerifyReport> verify(@PathParam("name") String name) {
        return verifier.verify(name);
    }

    @POST
    @Path("{name}/pin")
    @Operation(summary = "Pin a backup (admin): rotation never deletes it until it is unpinned")
    public BackupInfo pin(@PathParam("name") String name) {
        return catalogue.pin(name, true);
    }

    @DELETE
    @Path("{name}/pin")
    @Operation(summary = "Unpin a backup (admin): rotation treats it as any other again")
    public BackupInfo unpin(@PathParam("name") String name) {
        return catalogue.pin(name, false);
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a backup in every destination, with its checksum, manifest and markers (admin)")
    public Response delete(@PathParam("name") String name) {
        catalogue.delete(name);
        return Response.noContent().build();
    }
}
