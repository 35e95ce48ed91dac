"""Alembic environment shared by the host and every plugin branch (run through core.migrate)."""

from alembic import context

from core.db import db

config = context.config


def include_object(obj, name, type_, reflected, compare_to):
    """When making a plugin's revision, compare only the tables that plugin owns."""
    prefix = config.attributes.get("table_prefix")
    if not prefix:
        return True
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table is None or table.startswith(prefix)


def run() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=db.metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
