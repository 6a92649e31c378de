package academy.datadetective.auth;

import jakarta.ws.rs.core.Response;

import academy.datadetective.common.ApiException;

/** 403: self-registration may not choose the teacher role here (REGISTRATION_TEACHER_ALLOWED). */
public class TeacherRegistrationClosedException extends ApiException {

    TeacherRegistrationClosedException() {
        super(Response.Status.FORBIDDEN, "Registration as a teacher is not open; ask an administrator");
    }
}
