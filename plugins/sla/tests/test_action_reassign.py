"""The ``reassign`` action: the record changes hands through its declared responsible field,
audited, with the record's rules and the SLA's bookkeeping running as for a person's edit."""

from __future__ import annotations

import dataclasses

import pytest

from core.db import db
from core.models import AuditEntry
from plugins.sla.escalation.actions import action_types
from plugins.sla.escalation.context import DONE, FAILED, NO_RECIPIENT
from plugins.sla.tests.action_support import build_org, context_for, run
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import clocks_of, move, new_request


@pytest.fixture
def org(sla_app, make_user):
    configure(desk_policy())
    return build_org(make_user)


def _late(clock_at, owner):
    clock_at("2026-12-07T09:00")
    request = new_request(owner_id=owner, team="SUPPORT")
    clock_at("2026-12-07T15:30")
    return request


def _audit(request) -> list[AuditEntry]:
    return list(
        db.session.execute(
            db.select(AuditEntry)
            .where(AuditEntry.entity == "desk.request", AuditEntry.record_id == request.id)
            .where(AuditEntry.kind == "updated")
        ).scalars()
    )


def test_to_manager_gives_the_record_to_the_responsible_persons_manager(org, clock_at):
    request = _late(clock_at, org.users["staff"])
    (outcome,) = run(context_for(request), {"type": "reassign", "to": "manager"})
    assert outcome.status == DONE
    assert outcome.detail == {
        "to": "manager",
        "from_user_id": org.users["staff"],
        "user_id": org.users["lead"],
        "email": "lead@example.com",
    }
    assert request.owner_id == org.users["lead"]
    (entry,) = _audit(request)
    assert entry.user_id is None  # the system did it
    assert entry.changes == {"owner_id": [org.users["staff"], org.users["lead"]]}


def test_the_clocks_follow_the_new_owner(org, clock_at):
    request = _late(clock_at, org.users["staff"])
    run(context_for(request), {"type": "reassign", "to": "department_head"})
    db.session.commit()
    assert request.owner_id == org.users["boss"]
    assert clocks_of(request)["Resolve"].responsible_user_id == org.users["boss"]


def test_to_a_user_by_email(org, clock_at):
    request = _late(clock_at, org.users["staff"])
    (outcome,) = run(context_for(request), {"type": "reassign", "to": "user:boss@example.com"})
    assert outcome.detail["user_id"] == org.users["boss"]
    assert request.owner_id == org.users["boss"]


def test_to_a_role_picks_the_member_with_the_fewest_open_records(org, clock_at, make_user):
    busy = make_user("busy@example.com", roles=["dispatcher"])
    free = make_user("free@example.com", roles=["dispatcher"])
    clock_at("2026-12-07T09:00")
    for _ in range(2):
        new_request(owner_id=busy)
    new_request(owner_id=free)
    for _ in range(3):  # cancelled is final: these do not count
        move(new_request(owner_id=busy), "cancelled")
    request = _late(clock_at, org.users["staff"])
    (outcome,) = run(context_for(request), {"type": "reassign", "to": "role:dispatcher"})
    assert outcome.detail["user_id"] == free
    assert request.owner_id == free


def test_a_role_tie_goes_to_the_earliest_account(org, clock_at, make_user):
    first = make_user("first@example.com", roles=["dispatcher"])
    make_user("second@example.com", roles=["dispatcher"])
    request = _late(clock_at, org.users["staff"])
    (outcome,) = run(context_for(request), {"type": "reassign", "to": "role:dispatcher"})
    assert outcome.detail["user_id"] == first


def test_the_current_owner_keeps_it_when_already_the_one_chosen(org, clock_at):
    request = _late(clock_at, org.users["boss"])
    (outcome,) = run(context_for(request), {"type": "reassign", "to": "user:boss@example.com"})
    assert outcome.status == DONE and outcome.detail["unchanged"] is True
    assert _audit(request) == []


def test_nobody_to_give_it_to_is_no_recipient(org, clock_at):
    request = _late(clock_at, org.users["staff"])
    outcomes = run(
        context_for(request),
        {"type": "reassign", "to": "user:nobody@example.com"},
        {"type": "reassign", "to": "role:nobody"},
    )
    assert [o.status for o in outcomes] == [NO_RECIPIENT, NO_RECIPIENT]
    assert request.owner_id == org.users["staff"]


def test_a_type_without_a_responsible_field_cannot_be_reassigned(org, clock_at):
    request = _late(clock_at, org.users["staff"])
    context = context_for(request)
    context.entity = dataclasses.replace(context.entity, responsible_field=None)
    (outcome,) = run(context, {"type": "reassign", "to": "manager"})
    assert outcome.status == FAILED
    assert outcome.error == (
        "desk.request declares no responsible field: its records cannot be reassigned"
    )
    assert request.owner_id == org.users["staff"]


@pytest.mark.parametrize(
    ("to", "problems"),
    [
        ("manager", []),
        ("department_head", []),
        ("user:a@example.com", []),
        ("role:dispatcher", []),
        ("role:", ["to: manager, department_head, user:EMAIL or role:NAME"]),
        ("responsible", ["to: manager, department_head, user:EMAIL or role:NAME"]),
    ],
)
def test_the_configuration_names_who_gets_the_record(sla_app, to, problems):
    assert action_types()["reassign"].validate({"to": to}) == problems
