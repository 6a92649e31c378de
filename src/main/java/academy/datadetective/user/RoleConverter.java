package academy.datadetective.user;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import academy.datadetective.identity.Role;

/** Stores a {@link Role} as the lower-case text the {@code users.role} CHECK constraint allows. */
@Converter(autoApply = false)
public class RoleConverter implements AttributeConverter<Role, String> {

    @Override
    public String convertToDatabaseColumn(Role role) {
        return role == null ? null : role.value();
    }

    @Override
    public Role convertToEntityAttribute(String value) {
        return value == null ? null : Role.fromValue(value);
    }
}
