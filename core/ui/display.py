"""Showing field values to people: money in VND, times in the viewer's zone, choices by their
labels and references by the title of the record they point at (fetched once per page)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import format_currency, format_decimal, gettext
from markupsafe import Markup, escape

from core.auth.access import has_permission
from core.db import db
from core.entities import EntityType, Field
from core.listing import base_select
from core.ui.dates import date_text, datetime_text

#: referenced titles per field name: ``{field name: {record id: title}}``
RefTitles = dict[str, dict[int, str]]
CURRENCY = "VND"
#: table cells holding text at most this long stay on one line ("Nguyễn Thị Mai", "Hà Nội")
SHORT_TEXT = 24
#: ... and so do longer values without spaces: codes and numbers ("SO-2026-00030", e-mails)
CODE_TEXT = 40
NUMBERS = ("money", "int", "decimal")
ONE_LINE = ("date", "datetime", "bool", "choice", "email")


def format_money(value: Any) -> str:
    """An amount of đồng: "1.250.000 ₫" in Vietnamese, "₫1,250,000" in English."""
    if value is None or value == "":
        return ""
    return format_currency(value, CURRENCY)


def ref_titles(fields: Iterable[Field], records: Iterable[Any], user) -> RefTitles:
    """Titles of the records that ``records`` point at through each ref field in ``fields``.

    One query per ref field, whatever the number of records; records outside the viewer's
    scope (or of a disabled entity type) are left out and shown by their id.
    """
    host = current_app.extensions["nhip"]
    records = list(records)
    out: RefTitles = {}
    for fld in fields:
        if fld.type != "ref":
            continue
        out[fld.name] = {}
        ids = {getattr(r, fld.attr) for r in records} - {None}
        if not ids or fld.ref not in host.entities:
            continue
        target = host.entities.get(fld.ref)
        stmt = base_select(target, user).where(target.model.id.in_(ids))
        for row in db.session.execute(stmt).scalars().unique():
            out[fld.name][row.id] = target.title_of(row)
    return out


def ref_entity(fld: Field) -> EntityType | None:
    """The enabled entity type a ref field points at, or None."""
    host = current_app.extensions["nhip"]
    return host.entities.get(fld.ref) if fld.ref in host.entities else None


def field_text(fld: Field, value: Any, refs: RefTitles | None = None) -> str:
    """``value`` of ``fld`` as plain text in the viewer's language and zone."""
    if value is None or value == "":
        return ""
    kind = fld.type
    if kind == "money":
        return format_money(value)
    if kind == "bool":
        return gettext("Yes") if value else gettext("No")
    if kind == "choice":
        return fld.choice_label(value)
    if kind == "datetime" and isinstance(value, datetime):
        return datetime_text(value)
    if kind == "date" and isinstance(value, date):
        return date_text(value)
    if kind in ("int", "decimal"):
        return format_decimal(value)
    if kind == "ref":
        title = (refs or {}).get(fld.name, {}).get(value)
        return title if title is not None else f"#{value}"
    return str(value)


def cell_class(fld: Field, text: str) -> str:
    """CSS classes of a table cell showing ``text`` of ``fld``: numbers right-aligned, and
    numbers, dates, choices, short values and codes kept on one line (a browser would break
    "SO-2026-00030" at its hyphens); long text and ``text`` fields wrap as usual."""
    if fld.type in NUMBERS:
        return "text-end text-nowrap"
    if fld.type in ONE_LINE:
        return "text-nowrap"
    if fld.type == "text":
        return ""
    text = text or ""
    code = len(text) <= CODE_TEXT and not any(char.isspace() for char in text)
    return "text-nowrap" if len(text) <= SHORT_TEXT or code else ""


def field_html(fld: Field, record: Any, refs: RefTitles | None = None) -> Markup:
    """The value of ``fld`` on ``record`` as safe HTML: references link to their record when
    the viewer may read it."""
    from core.ui.links import record_url

    value = getattr(record, fld.attr, None)
    text = field_text(fld, value, refs)
    if value is None or value == "":
        return Markup('<span class="text-body-tertiary">—</span>')
    if fld.type == "ref":
        target = ref_entity(fld)
        linkable = target is not None and has_permission(target.read_permission)
        if linkable and value in (refs or {}).get(fld.name, {}):
            return Markup('<a href="{}">{}</a>').format(record_url(target, value), text)
    if fld.type == "email":
        return Markup('<a href="mailto:{}">{}</a>').format(value, text)
    if fld.type == "text":
        return Markup('<span class="nhip-text">{}</span>').format(text)
    return escape(text)
