package academy.datadetective.user;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 400: the file as a whole cannot be imported (the original's messages); nothing was imported. */
public class StudentImportException extends ApiException {

    public StudentImportException(String detail) {
        super(Response.Status.BAD_REQUEST, detail);
    }
}
