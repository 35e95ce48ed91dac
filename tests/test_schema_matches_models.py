"""Every table, column and index the models declare is what the migrations build: a model
change without its migration (or the reverse) fails here, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from core.db import db

#: the bundled plugins' and the host's tables (test plugins add models of their own)
BUNDLED = ("core_", "hr_", "crm_", "orders_", "sla_")


def _table(difference) -> str:
    """The table a difference is about (index and column changes name it too)."""
    item = difference[0] if isinstance(difference, list) else difference
    for part in item[1:]:
        name = getattr(part, "name", None) if hasattr(part, "columns") else None
        table = getattr(getattr(part, "table", None), "name", None)
        if table or name:
            return table or name
        if isinstance(part, str):
            return part
    return ""


def test_the_migrated_schema_is_the_models_schema(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [
            d for d in compare_metadata(context, db.metadata) if _table(d).startswith(BUNDLED)
        ]
    assert differences == []
