"""The "leave to decide" page shows every plugin's badges (SLA: the decision deadline),
asked once for the whole page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from core import hookimpl
from core.ui.badges import Badge
from plugins.hr.tests.conftest import MONDAY, file_leave


class Deadlines:
    """A stand-in for SLA: a badge on each leave request, and the batches it was asked for."""

    def __init__(self):
        self.batches = []

    @hookimpl
    def record_badges(self, entity, records, user):
        if entity.key != "hr.leave_request":
            return None
        self.batches.append([r.id for r in records])
        return {r.id: [Badge("sla", f"2h left #{r.id}", "warning", urgency=1)] for r in records}


@pytest.fixture
def deadlines(app):
    pm = app.extensions["nhip"].live.pm
    plugin = Deadlines()
    pm.register(plugin, name="hr-test-deadlines")
    yield plugin
    pm.unregister(name="hr-test-deadlines")


def test_each_request_waiting_shows_its_badges_from_one_batched_call(
    app, client, login, org, deadlines
):
    first = file_leave(app, org, "staff", to=("submitted",))
    second = file_leave(app, org, "peer", MONDAY + timedelta(days=7), to=("submitted",))
    login(client, org.users["lead"])
    html = client.get("/hr/leave/decide").get_data(as_text=True)
    assert deadlines.batches == [[first, second]]
    for leave_id in (first, second):
        cell = re.search(rf'data-badges="{leave_id}">(.*?)</td>', html, re.S)
        assert cell and f"2h left #{leave_id}" in cell[1]


def test_without_badges_the_page_has_no_deadline_column(app, client, login, org):
    file_leave(app, org, "staff", to=("submitted",))
    login(client, org.users["lead"])
    html = client.get("/hr/leave/decide").get_data(as_text=True)
    assert "data-badges=" not in html and "Deadline" not in html
