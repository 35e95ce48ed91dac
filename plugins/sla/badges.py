"""SLA badges on lists and records, read from stored clock rows in one query per page,
whatever its size.

Time left is working time: each clock stores its deadline on its calendar's working-minute
scale, so a badge needs one subtraction; the scale's "now" is computed once per calendar per
page, never per record.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from math import floor
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Text,
    and_,
    any_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import NullType

from core.db import db, utcnow
from core.entities import EntityType
from core.ui.badges import URGENCY_OF, Badge
from core.ui.dates import local
from plugins.sla.badge_sentence import minutes_text, phrase, sentence, whole
from plugins.sla.badge_words import PageWords
from plugins.sla.calendars import work_calendar, work_position
from plugins.sla.models import Calendar, Clock
from plugins.sla.models.calendar import WEEKDAYS
from plugins.sla.models.clock import CANCELLED, RUNNING
from plugins.sla.record_status import clock_in_status
from plugins.sla.status import (
    AT_RISK,
    BREACHED,
    MET,
    ON_TRACK,
    TONES,
    URGENCY,
    clock_status,
)
from plugins.sla.switches import is_tracked
from plugins.sla.worktime import WorkCalendar


def as_stored(column: Any) -> ColumnElement[Any]:
    """A date-time column read as the database driver gives it (SQLite: text; PostgreSQL: an
    aware date-time), without a conversion per row: a badge's texts are kept by that value
    (``PageWords.shared``) and the few made anew convert it (``stored_instant``)."""
    return type_coerce(column, NullType).label(column.key)


def stored_instant(value: Any) -> datetime | None:
    """An ``as_stored`` value as an aware date-time in UTC (the ORM's ``UTCDateTime``)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: what a badge reads of a clock (a page loads these columns, not whole clocks): a stopped
#: or paused clock's working minutes left are its goal less what it spent, worked out by the
#: database (one value to read instead of two)
BADGE_COLUMNS = (
    Clock.record_id,
    Clock.target_name,
    (Clock.goal_minutes - Clock.spent_minutes).label("left_stored"),
    as_stored(Clock.deadline),
    Clock.deadline_work,
    as_stored(Clock.breached_at),
)
#: the statuses of a running clock (``page_status``): any other is a stopped or paused one's
RUNNING_STATUSES = frozenset((ON_TRACK, AT_RISK, BREACHED))
#: a calendar's JSON columns come as text, decoded once per calendar, not once per row
CALENDAR_TEXT = ("week", "holidays", "workdays")
#: the calendar of a running clock, in the order ``calendar_of`` reads it (its id first: the
#: clock's ``calendar_id``, read from here, as other clocks need none)
CALENDAR_COLUMNS = (
    Calendar.id.label("calendar_row_id"),
    Calendar.revision,
    Calendar.name.label("calendar_name"),
    Calendar.timezone,
    Calendar.country,
    *(cast(getattr(Calendar, name), Text).label(name) for name in CALENDAR_TEXT),
)
#: how many of a ``page_clocks`` row's columns come before its calendar's
PAGE_ROW = len(BADGE_COLUMNS) + 2


def among_ids(column: Any, dialect: str) -> ColumnElement[bool]:
    """``column`` among the ids bound as ``ids``, as one bound value: an array on PostgreSQL
    (``= ANY``), JSON text on SQLite (``json_each``), so that the statement's text is the same
    for every page instead of an ``IN`` list rendered for each; elsewhere an ``IN`` list."""
    if dialect == "postgresql":
        return column == any_(bindparam("ids", type_=postgresql.ARRAY(Integer)))
    if dialect == "sqlite":
        ids = select(literal_column("value")).select_from(func.json_each(bindparam("ids")))
        return column.in_(ids)
    return column.in_(bindparam("ids", expanding=True))


def ids_value(dialect: str, ids: list[int]) -> Any:
    """The value ``among_ids`` binds for ``ids``."""
    return json.dumps(ids) if dialect == "sqlite" else list(ids)


def _page_clocks_query(dialect: str) -> Select:
    """The statement of ``page_clocks``, built once: the type, the record ids and the instant
    are bound at each call (building and keying a statement per page cost more than running
    it). The calendar is joined to running clocks only: the others need none, and a
    calendar's JSON cast to text on every row cost as much as the rest of the query."""
    entity = bindparam("entity")
    return (
        select(
            *BADGE_COLUMNS,
            page_status(bindparam("now", type_=Clock.deadline.type)).label("status"),
            type_coerce(Clock.excused_at.is_not(None), NullType).label("excused"),
            *CALENDAR_COLUMNS,
        )
        .outerjoin(Calendar, and_(Calendar.id == Clock.calendar_id, Clock.state == RUNNING))
        .where(
            Clock.entity == entity,
            among_ids(Clock.record_id, dialect),
            Clock.current.is_(True),
            Clock.state != CANCELLED,
        )
        .order_by(Clock.id)
    )


def page_status(now: Any) -> ColumnElement[str]:
    """A clock's status at ``now`` computed by the database (``record_status``'s conditions,
    the twin of ``status.clock_status``): a page reads one short text instead of converting
    the warning instant of every clock."""
    return case(
        (clock_in_status(BREACHED, now), BREACHED),
        (clock_in_status(AT_RISK, now), AT_RISK),
        (Clock.state == RUNNING, ON_TRACK),
        else_=Clock.state,
    )


#: ``_page_clocks_query`` of each database dialect, built on first use
PAGE_CLOCKS: dict[str, Select] = {}


def page_clocks(entity_key: str, record_ids: list[int], now: datetime | None = None) -> list[Any]:
    """The current clocks of these records: one query, of
    the columns a badge reads (``BADGE_COLUMNS``), each clock's ``status`` at ``now``,
    whether it is ``excused``, and a running clock's calendar (``CALENDAR_COLUMNS``), run on
    the session's connection (plain rows: nothing for the ORM to load)."""
    if not record_ids:
        return []
    connection = db.session.connection()
    dialect = connection.dialect.name
    statement = PAGE_CLOCKS.get(dialect)
    if statement is None:
        statement = PAGE_CLOCKS[dialect] = _page_clocks_query(dialect)
    values = {"entity": entity_key, "ids": ids_value(dialect, record_ids), "now": now or utcnow()}
    return connection.execute(statement, values).all()


#: calculators by every column of their calendar (``calendar_of``)
_CALCULATORS: dict[tuple, WorkCalendar] = {}
#: how many ``_CALCULATORS`` are kept before starting again
CALCULATORS_KEPT = 256


def calendar_of(row: Any) -> WorkCalendar:
    """The calculator of a running clock's ``page_clocks`` row, found by its calendar's every
    column: a calendar read again (the next page) is neither decoded nor built again; one
    saved since has another revision, hence other columns."""
    key = tuple(row[PAGE_ROW:])
    calculator = _CALCULATORS.get(key)
    if calculator is None:
        if len(_CALCULATORS) >= CALCULATORS_KEPT:
            _CALCULATORS.clear()
        calculator = _CALCULATORS[key] = work_calendar(row_calendar(key))
    return calculator


def row_calendar(columns: tuple) -> Calendar:
    """The calendar of ``CALENDAR_COLUMNS``' values (not in the session; for
    ``work_calendar``)."""
    calendar_id, revision, name, timezone, country, *texts = columns
    return Calendar(
        id=calendar_id,
        revision=revision,
        name=name,
        timezone=timezone,
        country=country,
        **{key: json.loads(text or "null") for key, text in zip(CALENDAR_TEXT, texts, strict=True)},
    )


def record_badges(entity: EntityType, records: list[Any]) -> dict[int, list[Badge]]:
    """Badges for every record of a page, most urgent first (the viewer's words and zone read
    once for the page: ``PageWords``; each calendar's position, and when its working time
    starts again, once). The rows are read by position: a list page makes a hundred badges
    or more."""
    if not is_tracked(entity.key):  # the switches are read once per request
        return {}
    now = utcnow()
    clocks = page_clocks(entity.key, [r.id for r in records], now)
    if not clocks:
        return {}
    words = PageWords()
    kept = words.kept  # looked up here: most rows find their badge made already
    calendars: dict[int, tuple[float, str | None]] = {}
    out: dict[int, list[Badge]] = {}
    today = words.today(now)
    for row in clocks:
        (record_id, target, left, deadline, deadline_work, breached_at, status, excused,
         calendar_id) = row[: PAGE_ROW + 1]  # fmt: skip
        if status in RUNNING_STATUSES:
            known = calendars.get(calendar_id)
            if known is None:
                known = calendars[calendar_id] = _calendar_now(calendar_of(row), now, words)
            position, waiting = known
            if deadline_work is not None and position is not None:
                left = deadline_work - position
            # what its badge shows (and its urgency) changes once a minute at most: the
            # pages of the same minute share it
            said = phrase(status, left, (deadline or breached_at) is not None)
            key = ("running", target, status, excused, said, floor(left), deadline, breached_at,
                   waiting, today)  # fmt: skip
        else:  # met or paused: nothing of its badge moves with time, and a Badge cannot
            # change, so one badge serves every page that shows it (most badges of a list)
            waiting = None
            key = ("badge", target, status, excused, left, deadline, breached_at, today)
        made = kept.get(key)
        if made is None:
            made = words.shared(
                key, target_badge,
                target, status, excused, left, deadline, breached_at, waiting, now, words,
            )  # fmt: skip
        out.setdefault(record_id, []).append(made)
    for badges in out.values():
        if len(badges) > 1:
            badges.sort(key=URGENCY_OF, reverse=True)
    return out


def _calendar_now(
    calendar: WorkCalendar, now: datetime, words: PageWords
) -> tuple[float, str | None]:
    """A calendar's working-minute position at ``now``, and when its working time starts
    again if ``now`` is outside it ("Mon 08:00"), else None."""
    resume = resumes_at(calendar, now)
    waiting = resume_text(resume, now, words) if resume is not None else None
    return work_position(calendar, now), waiting


def left_minutes(clock: Clock, position_now: float | None) -> float:
    """Working minutes left (negative when overdue)."""
    return minutes_left(
        clock.state, clock.deadline_work, clock.goal_minutes, clock.spent_minutes, position_now
    )


def minutes_left(
    state: str,
    deadline_work: float | None,
    goal: float,
    spent: float,
    position_now: float | None,
) -> float:
    """Working minutes left (negative when overdue): a running clock's deadline on its
    calendar's scale minus the calendar's position now; else its goal minus what it spent."""
    if state == RUNNING and deadline_work is not None and position_now is not None:
        return deadline_work - position_now
    return goal - spent


def resumes_at(calendar: WorkCalendar, now: datetime) -> datetime | None:
    """When the calendar's working time starts again, if ``now`` is outside it; else None.
    O(1) (the calendar's working-time scale): computed once per calendar per page."""
    resume = calendar.next_working_instant(now)
    return resume if resume - now >= timedelta(minutes=1) else None


def badge(
    clock: Clock,
    now: datetime,
    position_now: float | None,
    resumes: datetime | None = None,
    words: PageWords | None = None,
) -> Badge:
    """The badge of one clock; ``resumes``: when its calendar's working time starts again, if
    it is outside working time now (a running clock then says it waits: "· from Mon 08:00");
    ``words``: the page's (read here when not given)."""
    words = words or PageWords()
    status = clock_status(clock.state, now, clock.deadline, clock.warn_at)
    waiting = resume_text(resumes, now, words) if resumes is not None else None
    left = left_minutes(clock, position_now)
    excused = clock.excused_at is not None
    return target_badge(
        clock.target_name, status, excused, left, clock.deadline, clock.breached_at, waiting,
        now, words,
    )  # fmt: skip


def target_badge(
    target: str,
    status: str,
    excused: bool,
    left: float,
    deadline: Any,
    breached_at: Any,
    waiting: str | None,
    now: datetime,
    words: PageWords,
) -> Badge:
    """The badge of a target whose ``status`` and working minutes ``left`` are known;
    ``waiting``: when its calendar's working time starts again, if it is outside working
    time now (see ``badge``).

    Its label is a function of the target, the sentence's ``phrase``, the instant a breach is
    dated by, whether it waits and is excused, and today's date: worded once per process
    for them (``PageWords.shared``), as is the deadline's tooltip. Its urgency counts whole
    minutes left (two targets of a record within the same minute keep their order), so the
    whole badge is a function of what ``record_badges`` keeps it by."""
    shown = deadline or breached_at
    said = phrase(status, left, shown is not None)
    if waiting is not None and status != ON_TRACK and status != AT_RISK:
        waiting = None
    key = ("label", target, said, shown, waiting, excused, words.today(now))
    label = words.shared(key, _label, target, said, shown, waiting, excused, now, words)
    title, stamp = deadline_texts(deadline, words) if deadline is not None else ("", None)
    return Badge(
        source="sla",
        label=label,
        tone=TONES[status],
        title=title,
        urgency=URGENCY[status] * 1_000_000 - max(min(floor(left), 999_999), -999_999),
        data={"target": target, "status": status, "deadline": stamp},
        quiet=status == MET,
    )


def _label(
    target: str,
    said: tuple,
    shown: Any,
    waiting: str | None,
    excused: bool,
    now: datetime,
    words: PageWords,
) -> str:
    text = sentence(said, stored_instant(shown), now, words)
    if waiting is not None:
        text = words._("%(status)s · from %(when)s", status=text, when=waiting)
    if excused:
        text = words._("%(status)s, excused", status=text)
    return f"{target}: {text}"


def round_the_clock(calendar: Calendar) -> bool:
    """Whether a stored calendar counts every hour of every day (24/7, no days off): its
    targets' progress is told in hours, not in working time."""
    week = calendar.week or {}
    return (
        not calendar.country
        and not calendar.holidays
        and all(list(week.get(day) or []) == ["00:00-24:00"] for day in WEEKDAYS)
    )


def resume_text(resume: datetime, now: datetime, words: PageWords | None = None) -> str:
    """When waiting working time starts, in the viewer's zone and language: "13:30" later
    today, "Mon 08:00" within the week, "08:00 02/02" after a long holiday."""
    words = words or PageWords()
    if local(resume, words.zone).date() == local(now, words.zone).date():
        return words.time(resume)
    if resume - now < timedelta(days=6):
        return words.weekday_time(resume)
    return words.moment(resume, now)


def duration(minutes: float, words: PageWords | None = None) -> str:
    """Working time as "2h 10m" / "2 giờ 10 phút"; days are not used (a working day varies)."""
    return minutes_text(whole(minutes), words or PageWords())


def deadline_texts(deadline: Any, words: PageWords) -> tuple[str, str]:
    """A deadline's tooltip and its ISO 8601 form in UTC (the API's),
    made once per process for each deadline (a date-time, or as stored: ``as_stored``),
    language and zone (``PageWords.shared``)."""
    return words.shared(("deadline", deadline), _deadline_texts, deadline, words)


def _deadline_texts(stored: Any, words: PageWords) -> tuple[str, str]:
    deadline = stored_instant(stored)
    when = words.datetime(deadline)
    title = words._("Deadline %(when)s (%(zone)s)", when=when, zone=str(words.zone))
    return title, deadline.isoformat()
