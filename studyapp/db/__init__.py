"""Storage: SQLModel tables, the engine, migrations and repositories returning core objects."""
