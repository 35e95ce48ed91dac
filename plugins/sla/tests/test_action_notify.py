"""The ``notify`` action: who it reaches (responsible, managers up the HR chain, department
head, a role, a user), in which language and channels, and what it does without HR."""

from __future__ import annotations

import pytest

from core.db import db
from core.models import Notification, User
from core.plugin_states import set_enabled, sync
from core.translations_build import compile_all
from plugins.sla.escalation.context import DONE, NO_RECIPIENT
from plugins.sla.tests.action_support import (
    Directory,
    build_org,
    context_for,
    empty_outbox,
    finish,
    outbox_messages,
    run,
)
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import new_request

MONDAY_9 = "2026-12-07T09:00"
#: Resolve (240 working minutes from 09:00) was due at 14:30: an hour past it
HOUR_LATE = "2026-12-07T15:30"
#: 180 of 240 minutes used: an hour left
HOUR_LEFT = "2026-12-07T12:00"


@pytest.fixture
def org(sla_app, make_user):
    configure(desk_policy())
    return build_org(make_user)


def _late_request(clock_at, owner: int | None, team: str | None = "SUPPORT"):
    clock_at(MONDAY_9)
    request = new_request(owner_id=owner, team=team)
    clock_at(HOUR_LATE)
    return request


def _notified() -> list[Notification]:
    return list(db.session.execute(db.select(Notification).order_by(Notification.id)).scalars())


def test_the_responsible_person_is_told_the_record_is_overdue(org, clock_at):
    request = _late_request(clock_at, org.users["staff"])
    (outcome,) = run(context_for(request), {"type": "notify", "to": ["responsible"]})
    assert outcome.status == DONE
    assert outcome.detail["user_ids"] == [org.users["staff"]]
    assert outcome.detail["emails"] == ["staff@example.com"]
    (note,) = _notified()
    assert note.user_id == org.users["staff"]
    assert note.subject == "Overdue: Resolve on Printer on fire, 1h past the deadline"
    assert "1h of working time past it" in note.body
    assert "Deadline 07/12/2026 14:30 (Asia/Ho_Chi_Minh)" in note.body
    assert "Responsible: Staff" in note.body
    assert note.url == f"/r/desk.request/{request.id}"
    assert (note.entity, note.record_id) == ("desk.request", request.id)
    assert note.read_at is None


def test_below_the_deadline_it_is_a_reminder_with_the_time_left(org, clock_at):
    clock_at(MONDAY_9)
    request = new_request(owner_id=org.users["staff"], team="SUPPORT")
    clock_at(HOUR_LEFT)
    run(context_for(request, percent=75), {"type": "notify", "to": ["responsible"]})
    (note,) = _notified()
    assert note.subject == "Reminder: Resolve on Printer on fire, 1h left"
    assert note.kind == "sla.reminder"


def test_the_email_goes_to_each_recipient_with_the_same_words(org, clock_at, app):
    request = _late_request(clock_at, org.users["staff"])
    empty_outbox(app)
    run(context_for(request), {"type": "notify", "to": ["responsible", "manager"]})
    finish()
    mails = {str(m["To"]): m for m in outbox_messages(app)}
    assert set(mails) == {"Staff <staff@example.com>", "Lead <lead@example.com>"}
    mail = mails["Lead <lead@example.com>"]
    assert mail["Subject"] == "Overdue: Resolve on Printer on fire, 1h past the deadline"
    assert f"/r/desk.request/{request.id}" in mail.get_content()


def test_a_vietnamese_recipient_reads_vietnamese(sla_app, make_user, clock_at, app):
    compile_all()
    configure(desk_policy())
    org = build_org(make_user, languages={"staff": "vi"})
    request = _late_request(clock_at, org.users["staff"])
    empty_outbox(app)
    run(context_for(request), {"type": "notify", "to": ["responsible", "manager"]})
    finish()
    mails = {str(m["To"]): m for m in outbox_messages(app)}
    vietnamese = mails["Staff <staff@example.com>"]
    # the words, not the spacing: Python 3.11's header folding drops the space at the fold
    # between two encoded words ("fire,trễ"); the stored subject is exact
    assert vietnamese["Subject"].startswith("Quá hạn: Resolve của Printer on fire,")
    assert vietnamese["Subject"].endswith("trễ 1 giờ so với hạn chót")
    stored = db.session.execute(
        db.select(Notification.subject).where(Notification.user_id == org.users["staff"])
    ).scalar_one()
    assert stored == "Quá hạn: Resolve của Printer on fire, trễ 1 giờ so với hạn chót"
    assert "Hạn chót 07/12/2026 14:30" in vietnamese.get_content()
    english = mails["Lead <lead@example.com>"]
    assert english["Subject"].startswith("Overdue: ")


def test_without_the_email_channel_only_the_bell_rings(org, clock_at, app):
    request = _late_request(clock_at, org.users["staff"])
    empty_outbox(app)
    (outcome,) = run(
        context_for(request), {"type": "notify", "to": ["responsible"], "channels": ["in_app"]}
    )
    finish()
    assert outcome.detail["channels"] == ["in_app"]
    assert len(_notified()) == 1
    assert outbox_messages(app) == []


def test_email_only_leaves_nothing_unread_in_the_bell(org, clock_at, app):
    request = _late_request(clock_at, org.users["staff"])
    empty_outbox(app)
    run(context_for(request), {"type": "notify", "to": ["responsible"], "channels": ["email"]})
    finish()
    (note,) = _notified()
    assert note.read_at is not None
    assert len(outbox_messages(app)) == 1


def test_manager_is_the_responsible_persons_manager_in_hr(org, clock_at):
    request = _late_request(clock_at, org.users["staff"])
    (outcome,) = run(context_for(request), {"type": "notify", "to": ["manager"]})
    assert outcome.detail["user_ids"] == [org.users["lead"]]


def test_two_levels_reach_the_manager_and_the_managers_manager(org, clock_at):
    request = _late_request(clock_at, org.users["staff"])
    (outcome,) = run(context_for(request), {"type": "notify", "to": ["manager"], "levels": 2})
    assert outcome.detail["user_ids"] == [org.users["lead"], org.users["boss"]]
    assert {n.user_id for n in _notified()} == {org.users["lead"], org.users["boss"]}


def test_the_department_head_is_the_head_of_the_records_department(org, clock_at):
    request = _late_request(clock_at, org.users["staff"])
    (outcome,) = run(context_for(request), {"type": "notify", "to": ["department_head"]})
    assert outcome.detail["user_ids"] == [org.users["boss"]]


def test_the_department_head_of_the_responsible_person_when_the_record_has_none(org, clock_at):
    request = _late_request(clock_at, org.users["staff"], team=None)
    (outcome,) = run(context_for(request), {"type": "notify", "to": ["department_head"]})
    assert outcome.detail["user_ids"] == [org.users["boss"]]


def test_a_role_reaches_its_active_members(org, clock_at, make_user):
    on_duty = make_user("duty@example.com", roles=["dispatcher", "desk_agent"])
    gone = make_user("gone@example.com", roles=["dispatcher", "desk_agent"])
    db.session.get(User, gone).active = False
    db.session.commit()
    request = _late_request(clock_at, org.users["staff"])
    (outcome,) = run(context_for(request), {"type": "notify", "to": ["role:dispatcher"]})
    assert outcome.detail["user_ids"] == [on_duty]


def test_a_user_is_named_by_email_whatever_its_case(org, clock_at):
    request = _late_request(clock_at, org.users["staff"])
    (outcome,) = run(context_for(request), {"type": "notify", "to": ["user:Boss@Example.com"]})
    assert outcome.detail["user_ids"] == [org.users["boss"]]


def test_a_user_who_may_not_read_the_record_is_not_told(org, clock_at, make_user):
    outsider = make_user("outsider@example.com", roles=["employee"])  # no desk.read
    request = _late_request(clock_at, org.users["staff"])
    (outcome,) = run(context_for(request), {"type": "notify", "to": ["user:outsider@example.com"]})
    assert outcome.status == NO_RECIPIENT
    assert outcome.detail["unreadable"] == [outsider]
    assert _notified() == []


def test_those_who_may_read_are_told_and_the_others_listed(org, clock_at, make_user):
    outsider = make_user("outsider@example.com", roles=["employee"])
    request = _late_request(clock_at, org.users["staff"])
    (outcome,) = run(
        context_for(request),
        {"type": "notify", "to": ["user:outsider@example.com", "responsible"]},
    )
    assert outcome.status == DONE
    assert outcome.detail["user_ids"] == [org.users["staff"]]
    assert outcome.detail["unreadable"] == [outsider]
    assert [n.user_id for n in _notified()] == [org.users["staff"]]


def test_someone_named_twice_is_told_once(org, clock_at):
    request = _late_request(clock_at, org.users["staff"])
    (outcome,) = run(
        context_for(request),
        {
            "type": "notify",
            "to": ["department_head", "manager", "user:boss@example.com"],
            "levels": 2,
        },
    )
    assert outcome.detail["user_ids"] == [org.users["boss"], org.users["lead"]]
    assert len(_notified()) == 2


def test_recipients_not_found_are_listed_beside_those_told(org, clock_at):
    request = _late_request(clock_at, org.users["staff"])
    (outcome,) = run(
        context_for(request), {"type": "notify", "to": ["responsible", "user:nobody@example.com"]}
    )
    assert outcome.status == DONE
    assert outcome.detail["unresolved"] == ["user:nobody@example.com"]


def test_nobody_to_tell_is_no_recipient(org, clock_at):
    request = _late_request(clock_at, None, team=None)
    (outcome,) = run(context_for(request), {"type": "notify", "to": ["responsible", "manager"]})
    assert outcome.status == NO_RECIPIENT
    assert outcome.detail["unresolved"] == ["responsible", "manager"]
    assert _notified() == []


def test_someone_outside_the_manager_chain_has_the_department_head_as_manager(
    org, clock_at, make_user
):
    newcomer = make_user(
        "new@example.com", roles=["employee", "desk_agent"]
    )  # a login without an employee record
    request = _late_request(clock_at, newcomer)
    (outcome,) = run(context_for(request), {"type": "notify", "to": ["manager"]})
    assert outcome.detail["user_ids"] == [org.users["boss"]]


def test_the_head_is_not_their_own_manager(org, clock_at):
    request = _late_request(clock_at, org.users["boss"])
    (outcome,) = run(context_for(request), {"type": "notify", "to": ["manager"]})
    assert outcome.status == NO_RECIPIENT


@pytest.fixture
def without_hr(app):
    """HR disabled for this test (the next test's set-up enables it again)."""
    set_enabled({"hr"}, False)
    sync(app)
    assert not app.extensions["nhip"].is_enabled("hr")


@pytest.fixture
def directory(app, without_hr):
    """Register an org directory that knows only department heads; removed afterwards."""
    pm = app.extensions["nhip"].live.pm
    added = []

    def add(heads: dict[str, int]) -> Directory:
        found = Directory(heads)
        pm.register(found)
        added.append(found)
        return found

    yield add
    for found in added:
        pm.unregister(found)


def test_without_hr_manager_falls_back_to_the_department_head(org, clock_at, directory):
    directory({"SUPPORT": org.users["boss"]})
    request = _late_request(clock_at, org.users["staff"])
    (outcome,) = run(context_for(request), {"type": "notify", "to": ["manager"]})
    assert outcome.status == DONE
    assert outcome.detail["user_ids"] == [org.users["boss"]]


def test_without_any_org_directory_manager_is_no_recipient(org, clock_at, without_hr):
    request = _late_request(clock_at, org.users["staff"])
    outcomes = run(
        context_for(request),
        {"type": "notify", "to": ["manager"]},
        {"type": "notify", "to": ["department_head"]},
        {"type": "notify", "to": ["responsible"]},
    )
    assert [o.status for o in outcomes] == [NO_RECIPIENT, NO_RECIPIENT, DONE]
