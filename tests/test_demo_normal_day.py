"""``nhip init --demo`` gives the picture of a normal working day whenever it is loaded.

On a Friday afternoon, a Saturday night, a Monday before work, in the middle of Tết or on a
weekday morning, the demo's sales orders and support tickets look like a working business: most
of those open are on track, a few at risk and a few late, some were finished late in the past,
and never is every open order breached. One demo per instant (it takes a while to load): on
SQLite at every instant, on PostgreSQL at the hardest one (a Monday before work).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.db import db
from core.demo import DemoContext
from plugins.sla.models import Clock
from plugins.sla.status import AT_RISK, BREACHED, MET_LATE, ON_TRACK, URGENCY, clock_status

VN = ZoneInfo("Asia/Ho_Chi_Minh")
INSTANTS = {
    "friday-16h": datetime(2026, 11, 27, 16, 0, tzinfo=VN),
    "saturday-22h": datetime(2026, 11, 28, 22, 0, tzinfo=VN),
    "monday-07h": datetime(2026, 11, 30, 7, 0, tzinfo=VN),
    "tet": datetime(2027, 2, 9, 10, 0, tzinfo=VN),  # the fourth day of Tết, a week off
    "weekday-10h": datetime(2026, 12, 2, 10, 0, tzinfo=VN),
}
#: the types whose picture the demo is judged on
JUDGED = ("orders.sales_order", "crm.ticket")


def open_picture(entity: str, now: datetime) -> Counter:
    """How many open tracked records of ``entity`` show each status at ``now``: a record
    counts once, under its most urgent running clock (as its badge and the list filter do)."""
    clocks = db.session.execute(
        db.select(Clock).where(Clock.entity == entity, Clock.current.is_(True))
    ).scalars()
    shown: dict[int, str] = {}
    for clock in clocks:
        status = clock_status(clock.state, now, clock.deadline, clock.warn_at)
        if status in (ON_TRACK, AT_RISK, BREACHED):
            shown[clock.record_id] = max(
                shown.get(clock.record_id, status), status, key=URGENCY.__getitem__
            )
    return Counter(shown.values())


def met_late(entity: str) -> int:
    """How many of ``entity``'s clocks were met, but after their deadline."""
    return db.session.execute(
        db.select(db.func.count(Clock.id)).where(Clock.entity == entity, Clock.state == MET_LATE)
    ).scalar_one()


def load_demo_at(app, instant: datetime) -> dict[str, tuple[Counter, int]]:
    """Load the whole demo company at ``instant``; each judged type's open picture and its
    clocks met late."""
    with app.app_context(), time_machine.travel(instant, tick=False):
        app.extensions["nhip"].call_in_order("demo_data", demo=DemoContext())
        db.session.commit()
        return {key: (open_picture(key, instant), met_late(key)) for key in JUDGED}


def assert_normal_day(pictures: dict[str, tuple[Counter, int]]) -> None:
    for entity, (picture, late) in pictures.items():
        total = sum(picture.values())
        where = f"{entity}: {dict(picture)}, {late} met late"
        assert total >= 5, where
        assert picture[ON_TRACK] >= 0.6 * total, where
        assert picture[AT_RISK] >= 1, where
        assert 1 <= picture[BREACHED] < total, where
        assert late >= 3, where


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("instant", INSTANTS.values(), ids=INSTANTS.keys())
def test_the_demo_looks_like_a_normal_working_day_whenever_it_is_loaded(app, instant):
    assert_normal_day(load_demo_at(app, instant))


@pytest.mark.parametrize("backend", ["postgresql"])
def test_the_demo_loaded_before_work_on_monday_looks_normal_on_postgresql(app):
    assert_normal_day(load_demo_at(app, INSTANTS["monday-07h"]))
