"""Querying lists of any entity type: field filters, plugin filters, search, sort, paging.

Shared by the list pages and the JSON API, so both accept the same parameters::

    ?state=confirmed            equality on a declared, filterable field
    ?state__in=draft,confirmed  also __ne __gt __gte __lt __lte, and __isnull=true|false
    ?q=text                     words searched in search_fields and search_refs (no accents)
    ?sort=-total                a sortable field or a plugin's ListSort, '-' for descending
    ?page=2&per_page=50         paging (per_page at most 100)
    ?sla=breached               a plugin's ListFilter, by its name

A value that cannot be compared with its column (``?amount=abc``, ``?due=notadate``, a number
beyond the column, a NUL character, a page beyond ``MAX_PAGE``) is a ValidationError naming the
parameter (400 on the pages, 422 in the API), never a database error. A blank value means "any"
only for the filters a list page's filter form sends blank for "All" (state, choice, yes/no,
reference and plugin filters); for any other field it is refused.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import Select, func, or_, select, text

from core import search_text
from core.db import db
from core.entities import Choice, EntityType, Field
from core.errors import ValidationError
from core.fieldvalues import coerce

ID_FIELD = Field("id", "int", minimum=1, maximum=2**31 - 1)
OPERATORS = ("eq", "ne", "in", "gt", "gte", "lt", "lte", "isnull")
RESERVED = {"q", "sort", "page", "per_page"}
MAX_PER_PAGE = 100
#: the last page number asked for that is read (a larger one is refused, not clamped)
MAX_PAGE = 2**31 - 1
#: why a blank filter value is refused (except the "All" of a filter select)
BLANK_FILTER = "give a value, or leave the parameter out"
#: field types whose list filter is a select with an "All" (blank) choice
SELECT_TYPES = ("choice", "bool", "ref")
#: field types sorted as words, in the language's alphabetical order where the database can
TEXT_TYPES = ("str", "text", "email")
VI_COLLATION = "vi-x-icu"
#: (database URL, collation) → whether the server has it
_COLLATIONS: dict[tuple[str, str], bool] = {}


@dataclass(frozen=True)
class ListFilter:
    """A filter a plugin adds to lists of an entity (``list_filters`` hook).

    ``apply(select, value)`` returns the narrowed select; ``value`` is one of the choices.
    ``choices`` is a tuple, or a function returning one when the choices cost queries (the
    viewer's team): it is called only when they are needed, once (``options``), so a list
    that neither draws the filter's menu nor uses the filter (an API read) never asks.
    """

    name: str
    label: Any
    choices: tuple[Choice, ...] | Callable[[], tuple[Choice, ...]]
    apply: Callable[[Select, str], Select]

    @cached_property
    def options(self) -> tuple[Choice, ...]:
        """The choices (``choices`` called the first time when it is a function)."""
        return tuple(self.choices() if callable(self.choices) else self.choices)


@dataclass(frozen=True)
class ListSort:
    """An ordering a plugin adds to lists of an entity (``list_sorts`` hook).

    ``apply(select, descending)`` returns the ordered select.
    """

    name: str
    label: Any
    apply: Callable[[Select, bool], Select]


@dataclass
class ListQuery:
    """The parsed list parameters."""

    filters: dict[str, str] = field(default_factory=dict)
    search: str = ""
    sort: str = ""
    page: int = 1
    per_page: int = 25

    @classmethod
    def from_args(cls, args: Mapping[str, str], per_page: int = 25) -> ListQuery:
        errors: dict[str, str] = {}
        page = _positive(args.get("page"), 1, "page", errors)
        size = _positive(args.get("per_page"), per_page, "per_page", errors)
        if size > MAX_PER_PAGE:
            errors["per_page"] = f"at most {MAX_PER_PAGE}"
        if page > MAX_PAGE:
            errors["page"] = f"at most {MAX_PAGE}"
        for key, value in args.items():
            if "\x00" in (value or "") or "\x00" in key:
                errors[key] = "must not contain NUL characters"
        if errors:
            raise ValidationError(errors)
        filters = {k: v or "" for k, v in args.items() if k not in RESERVED}
        return cls(
            filters=filters,
            search=(args.get("q") or "").strip(),
            sort=(args.get("sort") or "").strip(),
            page=page,
            per_page=size,
        )


@dataclass
class Page:
    """One page of records and what the pager needs."""

    items: list[Any]
    total: int
    page: int
    per_page: int
    sort: str

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def plugin_filters(entity: EntityType, user) -> dict[str, ListFilter]:
    """The filters plugins add to lists of ``entity`` (one that fails is left out, logged)."""
    from core.ui.render_hooks import call_render_hook

    answers = call_render_hook("list_filters", entity=entity, user=user)
    return {f.name: f for group in answers for f in group or []}


def plugin_sorts(entity: EntityType, user) -> dict[str, ListSort]:
    """The orderings plugins add to lists of ``entity`` (one that fails is left out, logged)."""
    from core.ui.render_hooks import call_render_hook

    answers = call_render_hook("list_sorts", entity=entity, user=user)
    return {s.name: s for group in answers for s in group or []}


def default_sort(entity: EntityType, user) -> str:
    """The first plugin's default ordering of ``entity``'s lists, else the entity's own."""
    from core.ui.render_hooks import call_render_hook

    answers = call_render_hook("list_default_sort", entity=entity, user=user)
    return answers[0] if answers else entity.default_sort


def ordered_by_default(entity: EntityType, user, stmt: Select) -> Select:
    """``stmt`` (a select of ``entity``'s records) in the order a plugin sets for ``entity``'s
    lists when no sort is picked (SLA: urgency), or as it is when no plugin sets one. For pages
    of their own that list records (a queue, a dashboard card), so they agree with the lists."""
    from core.ui.render_hooks import call_render_hook

    answers = call_render_hook("list_default_sort", entity=entity, user=user)
    if not answers:
        return stmt
    return _apply_sort(entity, stmt.order_by(None), answers[0], plugin_sorts(entity, user))


def base_select(entity: EntityType, user) -> Select:
    """Every record ``user`` may see (the entity's row-level scope applied)."""
    stmt = select(entity.model)
    if entity.visible is not None:
        stmt = entity.visible(stmt, user)
    return stmt


def list_records(entity: EntityType, user, query: ListQuery) -> Page:
    """The page of records matching ``query``; ValidationError names each bad parameter."""
    stmt = base_select(entity, user)
    extra_filters = plugin_filters(entity, user)
    errors: dict[str, str] = {}
    for key, raw in query.filters.items():
        try:
            stmt = _apply_filter(entity, stmt, key, raw, extra_filters)
        except ValueError as exc:
            errors[key] = str(exc)
    if query.search:
        stmt = _apply_search(entity, stmt, query.search)
    sort = query.sort or default_sort(entity, user)
    try:
        stmt = _apply_sort(entity, stmt, sort, plugin_sorts(entity, user))
    except ValueError as exc:
        errors["sort"] = str(exc)
    if errors:
        raise ValidationError(errors, "invalid list parameters")
    total = db.session.execute(
        select(func.count()).select_from(stmt.order_by(None).subquery())
    ).scalar_one()
    page = min(query.page, max(1, math.ceil(total / query.per_page)))
    items = (
        db.session.execute(stmt.limit(query.per_page).offset((page - 1) * query.per_page))
        .scalars()
        .unique()
        .all()
    )
    return Page(items=list(items), total=total, page=page, per_page=query.per_page, sort=sort)


def _apply_filter(
    entity: EntityType, stmt: Select, key: str, raw: str, extra: dict[str, ListFilter]
) -> Select:
    if raw == "":
        if _blank_means_any(entity, key, extra):
            return stmt
        raise ValueError(BLANK_FILTER)
    if key in extra:
        flt = extra[key]
        if flt.options and raw not in {c.value for c in flt.options}:
            raise ValueError(f"must be one of: {', '.join(c.value for c in flt.options)}")
        return flt.apply(stmt, raw)
    name, _, op = key.partition("__")
    op = op or "eq"
    if name == "state" and entity.has_states and not entity.has_field("state"):
        column = entity.model.state
        allowed = [s.name for s in entity.states]
        values = raw.split(",") if op == "in" else [raw]
        bad = [v for v in values if v not in allowed and op != "isnull"]
        if bad:
            raise ValueError(f"must be one of: {', '.join(allowed)}")
        return _compare(stmt, column, op, values if op == "in" else raw, raw)
    if name == "id":
        column = entity.model.id
        fld = None
    elif entity.has_field(name) and entity.field(name).filterable:
        fld = entity.field(name)
        column = getattr(entity.model, fld.attr)
    else:
        raise ValueError("unknown filter")
    if op not in OPERATORS:
        raise ValueError(f"unknown operator {op!r}; use one of {', '.join(OPERATORS)}")
    if op == "isnull":
        return _compare(stmt, column, op, None, raw)
    parse = (lambda v: coerce(fld, v)) if fld else (lambda v: coerce(ID_FIELD, v))
    try:
        value = [parse(v) for v in raw.split(",")] if op == "in" else parse(raw)
    except ValueError as exc:
        raise ValueError(str(exc) or "invalid value") from None
    return _compare(stmt, column, op, value, raw)


def _blank_means_any(entity: EntityType, key: str, extra: dict[str, ListFilter]) -> bool:
    """Whether a blank ``key`` is the "All" choice of a list page's filter form."""
    if key in extra or (key == "state" and entity.has_states):
        return True
    return entity.has_field(key) and entity.field(key).type in SELECT_TYPES


def _compare(stmt: Select, column, op: str, value, raw: str) -> Select:
    if op == "eq":
        return stmt.where(column == value)
    if op == "ne":
        return stmt.where(or_(column != value, column.is_(None)))
    if op == "in":
        return stmt.where(column.in_(value))
    if op == "gt":
        return stmt.where(column > value)
    if op == "gte":
        return stmt.where(column >= value)
    if op == "lt":
        return stmt.where(column < value)
    if op == "lte":
        return stmt.where(column <= value)
    if op == "isnull":
        flag = raw.strip().lower()
        if flag not in ("true", "false"):
            raise ValueError("must be true or false")
        return stmt.where(column.is_(None) if flag == "true" else column.is_not(None))
    raise ValueError(f"unknown operator {op!r}")  # pragma: no cover


def _apply_search(entity: EntityType, stmt: Select, text: str) -> Select:
    """Records with every word of ``text`` in a search field or in a searched reference's
    (``core.search_text``: case and accents ignored)."""
    columns = [getattr(entity.model, entity.field(n).attr) for n in entity.search_fields]
    refs = [ref for ref in (_search_ref(entity, n) for n in entity.search_refs) if ref]
    if not columns and not refs:
        return stmt
    condition = search_text.matches(columns, text, refs)
    return stmt if condition is None else stmt.where(condition)


def _search_ref(entity: EntityType, name: str):
    """``(column, model, columns)`` of a searched reference, None if its type is disabled or
    declares no search fields."""
    from core.ui.display import ref_entity

    fld = entity.field(name)
    target = ref_entity(fld)
    if target is None:
        return None
    columns = [getattr(target.model, target.field(n).attr) for n in target.search_fields]
    if not columns:
        return None
    return getattr(entity.model, fld.attr), target.model, columns


def _apply_sort(entity: EntityType, stmt: Select, sort: str, extra: dict[str, ListSort]) -> Select:
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    if name in extra:
        return extra[name].apply(stmt, descending)
    if name == "id":
        column = entity.model.id
    elif name == "state" and entity.has_states:
        column = entity.model.state
    elif entity.has_field(name) and entity.field(name).sortable:
        column = getattr(entity.model, entity.field(name).attr)
        if entity.field(name).type in TEXT_TYPES:
            column = in_vietnamese_order(column)
    else:
        raise ValueError(f"cannot sort by {name!r}")
    order = column.desc() if descending else column.asc()
    return stmt.order_by(order, entity.model.id.desc() if descending else entity.model.id.asc())


def in_vietnamese_order(column):
    """``column`` compared in Vietnamese alphabetical order (a ă â b c d đ e ê ... : "Dương",
    "Đào", "Hà"), where the database can: PostgreSQL with ICU has the collation ``vi-x-icu``.

    SQLite (and a PostgreSQL built without ICU) compare by code point instead: Đ (U+0110)
    then sorts after every unaccented capital, "Đào" after "Vũ". That is a known limitation of
    the embedded set-up; ICU collations are not loadable into SQLite's standard build.
    """
    if db.session.get_bind().dialect.name != "postgresql" or not _has_collation(VI_COLLATION):
        return column
    return column.collate(VI_COLLATION)


def _has_collation(name: str) -> bool:
    """Whether the database knows the collation ``name`` (asked once per database)."""
    engine = db.session.get_bind()
    key = (engine.url.render_as_string(hide_password=True), name)
    if key not in _COLLATIONS:
        query = text("select count(*) from pg_collation where collname = :name")
        _COLLATIONS[key] = bool(db.session.execute(query, {"name": name}).scalar_one())
    return _COLLATIONS[key]


def _positive(raw: str | None, default: int, name: str, errors: dict[str, str]) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        errors[name] = "must be a whole number"
        return default
    if value < 1:
        errors[name] = "must be at least 1"
        return default
    return value
