"""A record's version: the id of the last entry of its audit trail that changed it.

Every creation, update and transition writes one audit entry (``core.records``), so the id of
the newest one is a number that grows with each change of the record, for every entity type,
without a column in the plugins' tables. Notes are not changes and leave the version alone.
A record written before it had any audit entry has version 0.

Edits carry the version their author saw (the API's ``If-Match`` or ``version``, the forms'
hidden ``version`` field); ``core.records`` compares it with the current one under the
record's row lock and refuses a stale edit, naming what changed since (``changes_since``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select

from core.db import db
from core.errors import ValidationError
from core.models import AuditEntry

#: audit entries that are not changes of the record
NOT_CHANGES = ("note",)
VERSION_TEXT = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')


def version_of(entity_key: str, record_id: int) -> int:
    """The current version of one record (0 before its first audit entry)."""
    stmt = select(func.max(AuditEntry.id)).where(
        AuditEntry.entity == entity_key,
        AuditEntry.record_id == record_id,
        AuditEntry.kind.not_in(NOT_CHANGES),
    )
    return db.session.execute(stmt).scalar() or 0


def versions_of(entity_key: str, record_ids: Iterable[int]) -> dict[int, int]:
    """The current versions of several records of one type, in one query."""
    ids = list(record_ids)
    if not ids:
        return {}
    stmt = (
        select(AuditEntry.record_id, func.max(AuditEntry.id))
        .where(
            AuditEntry.entity == entity_key,
            AuditEntry.record_id.in_(ids),
            AuditEntry.kind.not_in(NOT_CHANGES),
        )
        .group_by(AuditEntry.record_id)
    )
    found = {record_id: version for record_id, version in db.session.execute(stmt)}
    return {record_id: found.get(record_id) or 0 for record_id in ids}


def changes_since(entity_key: str, record_id: int, version: int) -> dict[str, list[Any]]:
    """Each field changed after ``version``: ``{field: [value at that version, value now]}``
    as the audit trail recorded them (``state`` included)."""
    stmt = (
        select(AuditEntry.changes)
        .where(
            AuditEntry.entity == entity_key,
            AuditEntry.record_id == record_id,
            AuditEntry.id > version,
            AuditEntry.kind.not_in(NOT_CHANGES),
        )
        .order_by(AuditEntry.id)
    )
    changed: dict[str, list[Any]] = {}
    for changes in db.session.execute(stmt).scalars():
        for name, pair in (changes or {}).items():
            old, new = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
            changed[name] = [changed[name][0] if name in changed else old, new]
    return {name: pair for name, pair in changed.items() if pair[0] != pair[1]}


def parse_version(text: str | None, where: str = "version") -> int | None:
    """A version as a client sends it (``12``, ``"12"``, ``W/"12"``); None for nothing or
    ``*`` (any version); a ValidationError naming ``where`` otherwise."""
    if text is None or not str(text).strip() or str(text).strip() == "*":
        return None
    match = VERSION_TEXT.match(str(text))
    if match is None:
        raise ValidationError({where: 'must be a record version such as "12"'})
    return int(match.group(1))


def etag(version: int) -> str:
    """The ``ETag`` header value of a record at ``version``."""
    return f'"{version}"'
