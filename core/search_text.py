"""Accent- and case-insensitive text search in lists, the same on SQLite and PostgreSQL.

Vietnamese is written with tone marks and modified letters ("Phú Thịnh", "Mê Kông", "Đà Nẵng");
people type them without ("phu thinh", "mekong", "da nang"). Search compares *folded* text:
lower case, accents and tone marks taken off, ``đ``/``Đ`` read as ``d``.

Spaces in the searched text are ignored ("mekong" finds "Mê Kông"). Both sides are folded: the
words typed here in Python, each column in the database, with one table (``FOLD_FROM`` →
``FOLD_TO``) so that both backends agree:

- PostgreSQL: ``replace(translate(lower(col), FOLD_FROM, FOLD_TO), ' ', '')``. ``translate`` is
  built in, so no extension (``unaccent``) has to be installed; the table holds upper-case
  letters too (``lower`` in a database with the C locale leaves non-ASCII letters alone);
- SQLite: the function ``nhip_fold(col)`` (``compact``), registered on the session's
  connection before each search.

The words must each appear (``LIKE %word%``) in one of the searched columns: "thinh phu" finds
"Phú Thịnh" too. A leading wildcard reads every row of the list the viewer may see anyway, so a
folded comparison costs little more than the ``ILIKE`` it replaces; see docs/plugin-guide.md.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import and_, func, or_, select

from core.db import db

#: the most words of a search that are used (the rest are ignored)
MAX_WORDS = 8
ESCAPE = "\\"


def _fold_table() -> tuple[str, str]:
    """Every accented Latin letter (Latin-1, Latin Extended-A and B, Vietnamese's block) and
    the lower-case ASCII letter it folds to."""
    source, target = [], []
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0].lower()
        if char in "đĐ":
            base = "d"
        if base.isascii() and base.isalpha() and base != char:
            source.append(char)
            target.append(base)
    return "".join(source), "".join(target)


FOLD_FROM, FOLD_TO = _fold_table()
_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str | None) -> str | None:
    """``text`` lower-cased without accents: ``fold("Phú Thịnh Đà") == "phu thinh da"``."""
    if text is None:
        return None
    return text.lower().translate(_TABLE)


def compact(text: str | None) -> str | None:
    """``text`` folded and without spaces, as searched: ``compact("Mê Kông") == "mekong"``."""
    return None if text is None else fold(text).replace(" ", "")


def folded(column):
    """The SQL expression of ``column`` as ``compact`` makes it, for the session's database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.replace(func.translate(func.lower(column), FOLD_FROM, FOLD_TO), " ", "")
    _register_on_sqlite()
    return func.nhip_fold(column)


def _register_on_sqlite() -> None:
    """Give the session's SQLite connection the function ``nhip_fold`` (cheap to repeat)."""
    raw = db.session.connection().connection.dbapi_connection
    raw.create_function("nhip_fold", 1, compact, deterministic=True)


def search_words(text: str) -> list[str]:
    """The folded words of a search, LIKE wildcards escaped."""
    words = []
    for word in fold(text).split()[:MAX_WORDS]:
        escaped = word.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%")
        words.append(escaped.replace("_", ESCAPE + "_"))
    return words


def matches(columns: list, text: str, refs: list[tuple] = ()):
    """A condition true when every word of ``text`` is in one of ``columns`` or in one of
    the searched columns of a referenced record: ``refs`` holds ``(ref_column, model,
    columns)`` triples, each read as ``ref_column IN (SELECT id FROM model WHERE ...)`` (one
    subquery per word and reference: the list stays one query, whatever its length)."""
    words = search_words(text)
    if not words:
        return None
    folded_columns = [folded(c) for c in columns]
    each = []
    for word in words:
        pattern = f"%{word}%"
        hits = [col.like(pattern, escape=ESCAPE) for col in folded_columns]
        for ref_column, model, ref_columns in refs:
            inner = or_(*[folded(c).like(pattern, escape=ESCAPE) for c in ref_columns])
            hits.append(ref_column.in_(select(model.id).where(inner)))
        each.append(or_(*hits))
    return and_(*each)
