DROP TABLE autogenerate_fixture;
