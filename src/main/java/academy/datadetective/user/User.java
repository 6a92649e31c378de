package academy.datadetective.user;

import java.time.Instant;

import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import academy.datadetective.identity.Role;

/** An account; {@code email} must already be trimmed and lower-cased (the database refuses anything else). */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "email", nullable = false, length = 255)
    public String email;

    @Column(name = "name", nullable = false, length = 100)
    public String name;

    @Convert(converter = RoleConverter.class)
    @Column(name = "role", nullable = false, length = 20)
    public Role role;

    @Column(name = "password_hash", nullable = false, length = 255)
    public String passwordHash;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_login")
    public Instant lastLogin;

    @Column(name = "deactivated_at")
    public Instant deactivatedAt;

    /** Access tokens carry the version they were issued at; raising it ends every one issued before (V9). */
    @Column(name = "token_version", nullable = false)
    public int tokenVersion;

    public boolean isActive() {
        return deactivatedAt == null;
    }
}
