"""Records as JSON: ``id``, every declared field by name, ``state``, children, badges and
``version`` (``core.versions``: what an edit sends back in ``If-Match`` or ``version``).

Values are JSON-typed: dates ``YYYY-MM-DD``; date-times ISO 8601 in UTC with their offset
(``2026-11-27T03:04:05+00:00``); decimals as strings, so no digit is lost to floating point;
money as a whole number of VND; references as the id they hold.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from core.api.json_text import JSONText
from core.entities import Child, EntityType, Field
from core.ui.badges import Badge, badges_for
from core.versions import versions_of


def value_json(fld: Field, value: Any) -> Any:
    """The JSON form of one field value."""
    if value is None:
        return None
    kind = fld.type
    if kind == "datetime" and isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if kind == "date" and isinstance(value, date):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if kind == "decimal":
        return format(Decimal(str(value)), "f")
    if kind in ("int", "money", "ref"):
        return int(value)
    if kind == "bool":
        return bool(value)
    return value if isinstance(value, str) else str(value)


def row_json(child: Child, row: Any) -> dict[str, Any]:
    """One child row (an order line): its ``id`` and every field."""
    out: dict[str, Any] = {"id": row.id}
    for fld in child.fields:
        out[fld.name] = value_json(fld, getattr(row, fld.attr, None))
    return out


def record_json(
    entity: EntityType, record: Any, badges: list[Badge], version: int
) -> dict[str, Any]:
    """One record with the badges the plugins gave it and its version."""
    out: dict[str, Any] = {"id": record.id}
    for fld in entity.fields:
        out[fld.name] = value_json(fld, getattr(record, fld.attr, None))
    if entity.has_states and "state" not in out:
        out["state"] = record.state
    for child in entity.children:
        out[child.name] = [row_json(child, row) for row in getattr(record, child.attribute)]
    out.setdefault("badges", badges_text(badges))
    out.setdefault("version", version)
    return out


def badges_text(badges: list[Badge]) -> JSONText:
    """A record's badges as a JSON array, of each badge's JSON text written once
    (``Badge.api_text``)."""
    return JSONText("[" + ", ".join([badge.api_text for badge in badges]) + "]")


#: the types JSON holds as they are
PLAIN = frozenset({str, int, float, bool, type(None)})


def badge_json(badge: Badge) -> dict[str, Any]:
    """A badge's JSON (``Badge.to_json``) with its data made JSON-typed (``_plain``). A list
    holds a hundred badges, whose values are nearly all plain already: those are kept as
    they are without a call each."""
    out = badge.to_json()
    for key, value in out.items():
        if type(key) is not str or type(value) not in PLAIN:
            return _plain(out)
    return out


def _plain(value: Any) -> Any:
    """Badge data made JSON-typed the same way as field values (ISO times, exact decimals)."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def records_json(entity: EntityType, records: list[Any], user) -> list[dict[str, Any]]:
    """Several records, their badges fetched in one batched ``record_badges`` call and their
    versions in one query."""
    badges = badges_for(entity, records, user)
    versions = versions_of(entity.key, [record.id for record in records])
    return [
        record_json(entity, record, badges.get(record.id, []), versions[record.id])
        for record in records
    ]
