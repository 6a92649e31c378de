package academy.datadetective.user;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;

import io.quarkus.logging.Log;

import academy.datadetective.common.Causes;
import academy.datadetective.identity.Role;

/** What teachers and admins may do to other accounts: change, deactivate, reactivate, delete. */
@ApplicationScoped
public class UserAdministration {

    private final EntityManager entityManager;
    private final Instance<OwnedContent> ownedContent;
    private final Event<AccountDeactivated> deactivated;

    UserAdministration(EntityManager entityManager, Instance<OwnedContent> ownedContent, Event<AccountDeactivated> deactivated) {
        this.entityManager = entityManager;
        this.ownedContent = ownedContent;
        this.deactivated = deactivated;
    }

    /** Admin only (the resource checks the role); an admin cannot change their own role, so that one admin always remains. */
    @Transactional
    public UserView update(long callerId, long id, UserRequests.Update request) {
        User user = User.<User>findByIdOptional(id).orElseThrow(UserNotFoundException::new);
        if (request.role() != null) {
            Role role = Role.fromValue(request.role());
            if (role != user.role && user.id == callerId) {
                throw new UserAccessDeniedException("You cannot change your own role");
            }
            user.role = role;
        }
        if (request.name() != null) {
            user.name = request.name().strip();
        }
        entityManager.flush();
        return UserView.of(user);
    }

    /**
     * Teachers may deactivate students only; admins anyone but themselves. Deactivating ends every
     * session of the account at once ({@link AccountDeactivated}); its access tokens stop working on their next request.
     */
    @Transactional
    public UserResponses.AccountStatus deactivate(long callerId, Role callerRole, long id) {
        UserResponses.AccountStatus status = setActive(callerId, callerRole, id, false);
        deactivated.fire(new AccountDeactivated(id));
        return status;
    }

    /** The same rules as {@link #deactivate}; the account logs in again (its old sessions stay ended). */
    @Transactional
    public UserResponses.AccountStatus reactivate(long callerId, Role callerRole, long id) {
        return setActive(callerId, callerRole, id, true);
    }

    private UserResponses.AccountStatus setActive(long callerId, Role callerRole, long id, boolean active) {
        String action = active ? "reactivate" : "deactivate";
        User user = manageable(callerId, callerRole, id, "You cannot " + action + " your own account");
        if (user.isActive() != active) {
            user.deactivatedAt = active ? null : Instant.now();
            Log.infof("User %d %sd account %d", callerId, action, id);
        }
        entityManager.flush();
        return UserResponses.AccountStatus.of(user);
    }

    /**
     * Admin only (the resource checks the role), never oneself. The schema removes the account's tokens,
     * progress, attempts and hints with it; a teacher who still owns datasets or custom challenges is
     * refused, since those are kept by ON DELETE RESTRICT.
     */
    @Transactional
    public void delete(long callerId, long id) {
        User user = User.<User>findByIdOptional(id).orElseThrow(UserNotFoundException::new);
        if (user.id == callerId) {
            throw new UserAccessDeniedException("You cannot delete your own account");
        }
        if (ownedContent.stream().anyMatch(content -> content.ownedBy(id))) {
            throw new UserOwnsContentException();
        }
        try {
            user.delete();
            entityManager.flush();
        } catch (PersistenceException e) {
            // content created between the check and the delete: the RESTRICT foreign key still says no
            if (Causes.any(e, ConstraintViolationException.class::isInstance)) {
                throw new UserOwnsContentException();
            }
            throw e;
        }
        Log.infof("User %d deleted account %d", callerId, id);
    }

    private User manageable(long callerId, Role callerRole, long id, String selfMessage) {
        User user = User.<User>findByIdOptional(id).orElseThrow(UserNotFoundException::new);
        if (callerRole == Role.ADMIN) {
            if (user.id == callerId) {
                throw new UserAccessDeniedException(selfMessage);
            }
        } else if (callerRole != Role.TEACHER || user.role != Role.STUDENT) {
            throw new UserAccessDeniedException();
        }
        return user;
    }
}
