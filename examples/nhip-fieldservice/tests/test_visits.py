"""The visit workflow, who sees which visit, and the urgent badge (run with the package
installed: ``pip install -e ".[test]" && pytest``)."""

from datetime import UTC, datetime

import pytest

from core.errors import BusinessRuleError, TransitionError
from core.listing import ListQuery, list_records
from core.records import create, entity_type, transition, update

VISIT = "fieldservice.visit"
WHEN = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def _visit(technician_id=None, priority="normal"):
    return create(
        VISIT,
        {
            "customer": "Quán cà phê Gió",
            "address": "7 Nguyễn Huệ, Quận 1",
            "scheduled_for": WHEN,
            "technician_id": technician_id,
            "priority": priority,
        },
    )


def test_a_visit_goes_from_scheduled_to_done_once_reported(app):
    with app.app_context():
        visit = _visit()
        assert visit.state == "scheduled"
        transition(VISIT, visit, "en_route")
        transition(VISIT, visit, "on_site")
        with pytest.raises(BusinessRuleError, match="visit report"):
            transition(VISIT, visit, "done")
        update(VISIT, visit, {"report": "Replaced the compressor."})
        transition(VISIT, visit, "done")
        assert visit.state == "done"


def test_a_finished_visit_cannot_move_again(app):
    with app.app_context():
        visit = _visit()
        transition(VISIT, visit, "cancelled")
        with pytest.raises(TransitionError):
            transition(VISIT, visit, "scheduled")


def test_technicians_see_their_own_visits_and_dispatchers_all(app, make_user):
    from core.db import db
    from core.models import User

    tech = make_user("tech@example.com", roles=["technician"])
    other = make_user("other@example.com", roles=["technician"])
    boss = make_user("boss@example.com", roles=["dispatcher"])
    with app.app_context():
        _visit(tech)
        _visit(other)
        entity = entity_type(VISIT)
        seen = {
            uid: list_records(entity, db.session.get(User, uid), ListQuery()).total
            for uid in (tech, boss)
        }
    assert seen == {tech: 1, boss: 2}


def test_open_urgent_visits_carry_a_badge_in_the_api(app, client, make_user, login):
    login(client, make_user("boss@example.com", roles=["dispatcher"]))
    with app.app_context():
        _visit(priority="urgent")
    items = client.get(f"/api/v1/{VISIT}").json["items"]
    assert [badge["label"] for badge in items[0]["badges"]] == ["Urgent"]
