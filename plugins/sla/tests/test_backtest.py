"""Backtesting a draft policy over last month's records: what actually happened beside what the
draft would have given, from the same replay live tracking follows, writing nothing."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from core.db import db
from plugins.sla.backtest.draft import Draft
from plugins.sla.backtest.period import read_period
from plugins.sla.backtest.run import backtest
from plugins.sla.models import Clock, Policy
from plugins.sla.tests.backtest_support import month_of_requests, respond_in
from plugins.sla.tests.conftest import configure, desk_policy

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _desk(app):
    return app.extensions["nhip"].entities.get("desk.request")


def _run(app, policy: dict, *, edited: bool = True, cap: int = 5000):
    edited_id = None
    if edited:
        edited_id = db.session.execute(
            db.select(Policy.id).where(Policy.name == policy["name"])
        ).scalar_one_or_none()
    period, _ = read_period("2026-11-01", "2026-11-30", None, VN)
    return backtest(
        _desk(app), Draft({"policies": [policy]}, policy["name"], edited_id), period, cap
    )


def _changed(result) -> list[tuple[str, str, str, str]]:
    return [(c.title, c.target, c.actual, c.draft) for c in result.changes]


def test_a_shorter_goal_turns_the_records_met_just_in_time_into_met_late(sla_app, clock_at):
    configure(desk_policy(targets=respond_in(60)))
    month_of_requests(clock_at)
    result = _run(sla_app, desk_policy(targets=respond_in(45)))
    assert result.found == result.replayed == 3
    assert _changed(result) == [("Answered in 50", "Respond", "met", "met_late")]
    assert (result.actual.counts["met"], result.actual.counts["met_late"]) == (2, 1)
    assert (result.draft.counts["met"], result.draft.counts["met_late"]) == (1, 2)
    assert result.actual.compliance == pytest.approx(2 / 3)
    assert result.draft.compliance == pytest.approx(1 / 3)
    assert (result.actual.levels, result.draft.levels) == (1, 2)  # the breach, counted not fired


def test_a_longer_goal_fixes_the_breaches(sla_app, clock_at):
    configure(desk_policy(targets=respond_in(60)))
    month_of_requests(clock_at)
    result = _run(sla_app, desk_policy(targets=respond_in(120)))
    assert _changed(result) == [("Answered in 90", "Respond", "met_late", "met")]
    assert result.draft.compliance == 1
    assert [(r.name, r.actual, r.draft) for r in result.departments] == [("care", 1, 0)]


def test_a_breach_excused_stays_excused_under_the_draft_and_is_counted_apart(sla_app, clock_at):
    configure(desk_policy(targets=respond_in(60)))
    made = month_of_requests(clock_at)
    late = db.session.execute(
        db.select(Clock).where(Clock.record_id == made["Answered in 90"])
    ).scalar_one()
    late.excused_at, late.excused_cause = late.stopped_at, "customer_delay"
    db.session.commit()
    result = _run(sla_app, desk_policy(targets=respond_in(45)))
    assert _changed(result) == [("Answered in 50", "Respond", "met", "met_late")]
    assert (result.actual.counts["excused"], result.draft.counts["excused"]) == (1, 1)
    assert result.actual.compliance == 1
    assert result.draft.compliance == pytest.approx(1 / 2)
    assert [(r.name, r.actual, r.draft) for r in result.departments] == [("care", 0, 1)]
