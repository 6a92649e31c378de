CREATE SEQUENCE note_seq INCREMENT BY 50;
CREATE TABLE note (id bigint PRIMARY KEY, text text);
