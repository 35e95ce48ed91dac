"""SLA fixtures for plugin authors' tests: Nhịp's second pytest plugin (entry point
``nhip_sla`` in ``pytest11``), loaded wherever Nhịp is installed.

With them a plugin's test gets SLA on its own records as an administrator would set it up::

    def test_an_urgent_visit_is_late_after_two_hours(sla_track, sla_load, make_record, clock,
                                                      sla_badges, run_due_escalations):
        sla_track("fieldservice.visit")
        sla_load({"calendars": [...], "policies": [...]})
        visit = make_record("fieldservice.visit", priority="urgent")
        clock.advance(hours=3)
        assert "overdue" in sla_badges("fieldservice.visit", visit)[0]
        assert run_due_escalations().fired == 1

docs/testing-plugins.md describes each fixture. Everything runs in the test's process, on the
``app`` fixture's database (SQLite and PostgreSQL).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.testing_kit import within

#: a calendar that is always working time, for tests that count plain hours
ALWAYS = {
    "name": "Always",
    "timezone": "Asia/Ho_Chi_Minh",
    "week": {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
}


@pytest.fixture
def sla_track(app):
    """``sla_track(entity_key, enabled=True)``: switch SLA tracking on (or off) for a record
    type, as an administrator does on the SLA modules page or with ``nhip sla enable``."""

    def switch(entity_key: str, enabled: bool = True) -> None:
        from core.db import db
        from plugins.sla.switches import set_tracking, trackable_type

        with within(app):
            if trackable_type(entity_key) is None:
                pytest.fail(f"{entity_key} is not a record type SLA can track (is it enabled?)")
            set_tracking(entity_key, enabled)
            db.session.commit()

    return switch


@pytest.fixture
def sla_load(app):
    """``sla_load(document)`` -> ``{"created": [...], "updated": [...], "unchanged": [...]}``:
    load calendars and policies as ``nhip sla import`` reads them. ``document`` is the
    import format as a dict, JSON text or bytes, or the path of a JSON file; a document with
    problems fails the test listing them."""

    def load(document: dict | str | bytes | Path) -> dict[str, list[str]]:
        from plugins.sla.config_store import ConfigError, apply, parse

        if isinstance(document, Path):
            document = document.read_bytes()
        elif isinstance(document, dict):
            document = json.dumps(document)
        with within(app):
            try:
                return apply(parse(document))
            except ConfigError as exc:
                pytest.fail("the SLA document has problems:\n  " + "\n  ".join(exc.problems))

    return load


@pytest.fixture
def sla_badges(app):
    """``sla_badges(entity_key, record)`` -> the SLA badges' texts of one record (a record or
    its id), most urgent first, as its list and page show them (``Respond: 1 h left``)."""

    def texts(entity_key: str, record: Any) -> list[str]:
        from core.records import entity_type
        from plugins.sla.badges import record_badges

        record_id = getattr(record, "id", record)
        with within(app):
            entity = entity_type(entity_key)
            row = _row(entity, record_id)
            return [badge.label for badge in record_badges(entity, [row]).get(record_id, [])]

    return texts


def _row(entity, record_id: int):
    from core.db import db

    row = db.session.get(entity.model, record_id)
    if row is None:
        pytest.fail(f"no {entity.key} record {record_id}")
    return row


@pytest.fixture
def sla_clocks(app):
    """``sla_clocks(entity_key, record)`` -> ``{target name: state}`` of the record's current
    clocks (``running``, ``paused``, ``met``, ``breached``, ...)."""

    def states(entity_key: str, record: Any) -> dict[str, str]:
        from core.db import db
        from plugins.sla.models import Clock

        record_id = getattr(record, "id", record)
        with within(app):
            clocks = db.session.execute(
                db.select(Clock)
                .where(Clock.entity == entity_key, Clock.record_id == record_id)
                .where(Clock.current.is_(True))
                .order_by(Clock.id)
            ).scalars()
            return {clock.target_name: clock.state for clock in clocks}

    return states


@pytest.fixture
def run_due_escalations(app):
    """``run_due_escalations()`` -> the sweep's report (``.due``, ``.fired``, ``.failed``):
    fire, here and now, every escalation level that is due at the current (test) time, as the
    worker's sweep does every minute; each clock in a transaction of its own."""

    def run():
        from plugins.sla.escalation.sweep import sweep

        with within(app):
            return sweep()

    return run
