"""Excusing a breach: who may, which clocks, what it marks (the clock, its incidents, the
timeline, the badge), withdrawing it; on the record's SLA panel."""

from __future__ import annotations

import pytest
from flask import g
from flask_babel import refresh

from core.db import db
from core.errors import BusinessRuleError, ValidationError
from core.models import User
from plugins.sla import excuses
from plugins.sla.models import ClockEvent
from plugins.sla.tests.excuse_support import breached, configure_breachable, incidents_of
from plugins.sla.tests.helpers import new_request


@pytest.fixture
def people(sla_app, make_user):
    configure_breachable()
    return {
        "manager": make_user("manager@example.com", roles=["manager", "desk_agent"], name="Mai"),
        "agent": make_user("agent@example.com", roles=["employee", "desk_agent"], name="An"),
        "outsider": make_user("outsider@example.com", roles=["manager"], name="Out"),
    }


def _user(user_id: int) -> User:
    return db.session.get(User, user_id)


def test_excusing_marks_the_clock_its_incidents_and_the_timeline(people, clock_at):
    clock = breached(clock_at, owner=people["agent"])
    (incident,) = incidents_of(clock)
    assert incident.excused_at is None
    clock_at("2026-12-07T14:00")
    excuses.excuse(
        clock.id, "customer_delay", " Customer sent the part late ", _user(people["manager"])
    )
    db.session.commit()
    db.session.refresh(clock)
    assert (clock.excused_cause, clock.excused_reason) == (
        "customer_delay",
        "Customer sent the part late",
    )
    assert clock.excused_by == people["manager"] and clock.excused_at is not None
    db.session.refresh(incident)
    assert incident.excused_at == clock.excused_at  # marked, not deleted
    event = db.session.execute(
        db.select(ClockEvent).where(ClockEvent.kind == "excused")
    ).scalar_one()
    assert event.actor_id == people["manager"]
    assert event.data["excuse"] == "customer_delay" and event.data["by"] == "Mai"


def test_withdrawing_clears_the_excuse_and_the_incidents_mark(people, clock_at):
    clock = breached(clock_at)
    manager = _user(people["manager"])
    excuses.excuse(clock.id, "network_outage", "", manager)
    db.session.commit()
    excuses.withdraw(clock.id, manager)
    db.session.commit()
    db.session.refresh(clock)
    assert (clock.excused_cause, clock.excused_at, clock.excused_by) == (None, None, None)
    assert [i.excused_at for i in incidents_of(clock)] == [None]
    kinds = (
        db.session.execute(
            db.select(ClockEvent.kind)
            .where(ClockEvent.clock_id == clock.id)
            .order_by(ClockEvent.id)
        )
        .scalars()
        .all()
    )
    assert kinds[-2:] == ["excused", "excuse_withdrawn"]


def _sibling(clock, target: str):
    from plugins.sla.models import Clock

    return db.session.execute(
        db.select(Clock).where(
            Clock.entity == clock.entity,
            Clock.record_id == clock.record_id,
            Clock.target_name == target,
        )
    ).scalar_one()


def test_only_a_breached_clock_can_be_excused_and_only_once(people, clock_at):
    clock = breached(clock_at)
    respond = _sibling(clock, "Respond")
    manager = _user(people["manager"])
    with pytest.raises(BusinessRuleError, match="not breached"):
        excuses.excuse(respond.id, "customer_delay", "", manager)
    db.session.rollback()
    excuses.excuse(clock.id, "customer_delay", "", manager)
    db.session.commit()
    with pytest.raises(BusinessRuleError, match="excused already"):
        excuses.excuse(clock.id, "force_majeure", "", manager)
    db.session.rollback()
    with pytest.raises(BusinessRuleError, match="not excused"):
        excuses.withdraw(respond.id, manager)
    db.session.rollback()


@pytest.mark.parametrize(
    ("cause", "reason", "field"),
    [
        ("bad_luck", "", "cause"),
        (None, "", "cause"),
        ("other", "   ", "reason"),
        ("other", None, "reason"),
        ("customer_delay", "x" * 2001, "reason"),
        ("customer_delay", 12, "reason"),
    ],
)
def test_a_wrong_cause_or_text_names_the_field(people, clock_at, cause, reason, field):
    clock = breached(clock_at)
    with pytest.raises(ValidationError) as refused:
        excuses.excuse(clock.id, cause, reason, _user(people["manager"]))
    assert list(refused.value.fields) == [field]
    db.session.rollback()
    db.session.refresh(clock)
    assert clock.excused_at is None


def test_other_with_a_text_is_accepted(people, clock_at):
    clock = breached(clock_at)
    excuses.excuse(clock.id, "other", "Fire drill", _user(people["manager"]))
    db.session.commit()
    assert (clock.excused_cause, clock.excused_reason) == ("other", "Fire drill")


def test_a_clock_of_a_record_one_may_not_read_is_not_found(people, clock_at):
    clock = breached(clock_at)
    from core.errors import NotFound

    with pytest.raises(NotFound, match=f"no SLA clock with id {clock.id}"):
        excuses.excuse(clock.id, "customer_delay", "", _user(people["outsider"]))
    db.session.rollback()
    with pytest.raises(NotFound, match="no SLA clock with id 999999"):
        excuses.excuse(999999, "customer_delay", "", _user(people["manager"]))


def _as(client, login, user_id) -> None:
    """Sign ``client`` in as ``user_id``; the test's application context is the requests' too,
    so the permissions cached on it are dropped."""
    g.pop("nhip_permissions", None)
    g.pop("_login_user", None)
    refresh()  # and the language and zone of the last one
    login(client, user_id)


def _panel(client, login, user_id, record_id) -> str:
    _as(client, login, user_id)
    return client.get(f"/r/desk.request/{record_id}").get_data(as_text=True)


def test_the_panel_offers_the_form_to_managers_only(people, clock_at, client, login):
    clock = breached(clock_at)
    page = _panel(client, login, people["manager"], clock.record_id)
    assert f'action="/sla/clocks/{clock.id}/excuse"' in page
    assert 'value="force_majeure">force majeure</option>' in page
    assert page.count("sla-excuse-form") == 1  # Respond is not breached
    page = _panel(client, login, people["agent"], clock.record_id)
    assert "sla-excuse-form" not in page


def test_excusing_from_the_panel_shows_who_when_why_and_a_withdraw_button(
    people, clock_at, client, login
):
    clock = breached(clock_at)
    clock_at("2026-12-07T14:00")
    _as(client, login, people["manager"])
    answer = client.post(
        f"/sla/clocks/{clock.id}/excuse",
        data={"cause": "carrier_failure", "reason": "Truck broke down"},
        follow_redirects=True,
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "The breach of Resolve is excused (carrier failure)." in page
    assert "Excused</span>\n  · carrier failure\n  · by Mai on" in page
    assert "“Truck broke down”" in page
    assert f'action="/sla/clocks/{clock.id}/withdraw"' in page
    assert "Breach excused by Mai: carrier failure — “Truck broke down”" in page
    assert "Resolve: breached" in page and ", excused" in page  # the badge says so
    again = client.post(
        f"/sla/clocks/{clock.id}/excuse",
        data={"cause": "other", "reason": "x"},
        follow_redirects=True,
    )
    assert "This breach is excused already, or is not a breach." in again.get_data(as_text=True)
    withdrawn = client.post(f"/sla/clocks/{clock.id}/withdraw", follow_redirects=True)
    text = withdrawn.get_data(as_text=True)
    assert "The excuse of Resolve is withdrawn; the breach counts again." in text
    assert "Excuse withdrawn by Mai (it was: carrier failure)" in text
    assert "sla-excuse-form" in text


def test_the_panel_form_refuses_other_without_a_text(people, clock_at, client, login):
    clock = breached(clock_at)
    _as(client, login, people["manager"])
    answer = client.post(
        f"/sla/clocks/{clock.id}/excuse",
        data={"cause": "other", "reason": ""},
        follow_redirects=True,
    )
    assert "Say what happened" in answer.get_data(as_text=True)
    db.session.refresh(clock)
    assert clock.excused_at is None


def test_the_panel_routes_need_the_permission_and_a_readable_record(
    people, clock_at, client, login
):
    clock = breached(clock_at)
    _as(client, login, people["agent"])
    assert client.post(f"/sla/clocks/{clock.id}/excuse", data={"cause": "other"}).status_code == 403
    assert client.post(f"/sla/clocks/{clock.id}/withdraw").status_code == 403
    _as(client, login, people["outsider"])
    answer = client.post(f"/sla/clocks/{clock.id}/excuse", data={"cause": "force_majeure"})
    assert answer.status_code == 404
    db.session.refresh(clock)
    assert clock.excused_at is None


def test_an_excused_badge_on_the_list_says_so(people, clock_at, client, login):
    clock = breached(clock_at)
    excuses.excuse(clock.id, "force_majeure", "", _user(people["manager"]))
    db.session.commit()
    new_request(subject="Another")
    page = _panel(client, login, people["manager"], clock.record_id)
    assert "Resolve: breached" in page
    _as(client, login, people["manager"])
    listing = client.get("/r/desk.request/").get_data(as_text=True)
    assert listing.count(", excused") == 1


def test_the_panel_and_timeline_speak_vietnamese(people, clock_at, client, login, make_user):
    from core.translations_build import compile_all

    compile_all()
    viewer = make_user(
        "lan@example.com", roles=["manager", "desk_agent"], name="Lan", language="vi"
    )
    clock = breached(clock_at)
    excuses.excuse(clock.id, "carrier_failure", "Xe hỏng", _user(people["manager"]))
    db.session.commit()
    page = _panel(client, login, viewer, clock.record_id)
    assert "Được miễn" in page and "lỗi đơn vị vận chuyển" in page
    assert "Mai đã miễn trừ vi phạm: lỗi đơn vị vận chuyển — “Xe hỏng”" in page
    assert ", được miễn trừ" in page  # the badge
    assert ">Rút lại</button>" in page
    other = breached(clock_at, subject="Another")
    page = _panel(client, login, viewer, other.record_id)
    assert "Miễn trừ vi phạm này: vì sao?" in page and ">bất khả kháng</option>" in page
