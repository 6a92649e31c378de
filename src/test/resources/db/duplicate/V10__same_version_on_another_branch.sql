-- Another branch's V10, merged beside the real one: Flyway has no merge, so the build must stop on it.
CREATE TABLE branch_notes (id bigint PRIMARY KEY);
