package bare;

import java.util.List;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

@Path("/notes")
public class NoteResource {
    public record NoteBody(String text) {
    }

    @GET
    public List<NoteBody> list() {
        return Note.<Note>listAll().stream().map(note -> new NoteBody(note.text)).toList();
    }

    @POST
    @Transactional
    public NoteBody add(NoteBody body) {
        Note note = new Note();
        note.text = body.text();
        note.persist();
        return body;
    }
}
