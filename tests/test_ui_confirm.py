"""A move into a final state on the record page asks first and says what it will do (the
state, and each plugin's ``transition_consequences``: SLA's clocks cancelled or met); the
confirmation makes the move, the way back leaves the record alone, a confirmation shown before
someone else changed the record moves nothing, and a plugin whose hook raises leaves the
question standing. SQLite and PostgreSQL (the SLA test application with its ``desk`` type)."""

from __future__ import annotations

import html
import re

import pytest
import time_machine

from core.db import db
from core.models import AuditEntry
from core.testing import session_app, wipe
from plugins.sla.tests.conftest import FIXTURE_PLUGINS, configure, desk_policy
from plugins.sla.tests.helpers import AGENT, clocks_of, move, new_request

DESK = "desk.request"
CLOSE_ON_CANCEL = {"name": "Close", "start": ["created"], "stop": ["cancelled"], "minutes": 60}


@pytest.fixture
def app(backend, request):
    """The SLA test application (``desk`` beside the bundled plugins), emptied."""
    application = session_app(request, backend, plugins_dir=FIXTURE_PLUGINS, name="sla")
    wipe(application)
    return application


@pytest.fixture
def desk(app, client, make_user, login):
    """Desk requests tracked by the standard policy (Respond, Resolve), time standing still
    on a Monday morning, and an agent signed in."""
    with time_machine.travel("2026-12-07T02:00:00Z", tick=False) as traveller:
        with app.app_context():
            configure(desk_policy())
        login(client, make_user("agent@example.com", roles=AGENT))
        yield traveller


def _request(app, subject: str = "Printer on fire", state: str | None = None) -> int:
    with app.app_context():
        record = new_request(subject=subject)
        if state:
            move(record, state)
        db.session.commit()
        return record.id


def _state(app, record_id: int) -> str:
    with app.app_context():
        return db.session.get(app.extensions["nhip"].entities.get(DESK).model, record_id).state


def _clock_states(app, record_id: int) -> dict[str, str]:
    with app.app_context():
        record = db.session.get(app.extensions["nhip"].entities.get(DESK).model, record_id)
        return {name: clock.state for name, clock in clocks_of(record).items()}


def _ask(client, record_id: int, to: str = "cancelled", seen: str = "new", note: str = ""):
    return client.post(
        f"/r/{DESK}/{record_id}/confirm-move", data={"to": to, "from": seen, "note": note}
    )


def hidden_fields(page: str) -> dict[str, str]:
    """The hidden inputs and the note of the confirmation form, as a browser would send them."""
    form = page[page.index('id="confirm-move"') :]
    form = form[: form.index("</form>")]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    fields["note"] = html.unescape(re.search(r'name="note" value="([^"]*)"', form).group(1))
    return fields


def test_the_record_page_sends_final_moves_to_the_question_and_others_straight_on(
    app, client, desk
):
    record_id = _request(app)
    page = client.get(f"/r/{DESK}/{record_id}").get_data(as_text=True)
    cancel = page[page.index('data-transition="cancelled"') - 200 :]
    assert f'action="/r/{DESK}/{record_id}/confirm-move"' in cancel[: cancel.index(">") + 200]
    opening = page[page.index('data-transition="open"') - 200 :]
    assert f'action="/r/{DESK}/{record_id}/transition"' in opening[: opening.index(">") + 200]


def test_a_final_move_asks_first_and_says_which_clocks_it_cancels(app, client, desk):
    record_id = _request(app)
    asked = _ask(client, record_id, note="duplicate of #12")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Printer on fire will be cancelled and can no longer be edited." in page
    assert "2 running SLA clocks will be cancelled: Respond, Resolve" in page
    fields = hidden_fields(page)
    assert fields["to"] == "cancelled" and fields["from"] == "new"
    assert int(fields["version"]) > 0 and fields["note"] == "duplicate of #12"
    assert 'name="csrf_token"' in page
    assert _state(app, record_id) == "new", "asking moves nothing"
    assert _clock_states(app, record_id) == {"Respond": "running", "Resolve": "running"}


def test_confirming_moves_the_record_and_cancels_its_clocks(app, client, desk):
    record_id = _request(app)
    fields = hidden_fields(_ask(client, record_id, note="duplicate").get_data(as_text=True))
    done = client.post(f"/r/{DESK}/{record_id}/transition", data=fields)
    assert done.status_code == 302 and done.headers["Location"] == f"/r/{DESK}/{record_id}"
    assert _state(app, record_id) == "cancelled"
    assert _clock_states(app, record_id) == {"Respond": "cancelled", "Resolve": "cancelled"}
    with app.app_context():
        (entry,) = db.session.execute(
            db.select(AuditEntry).where(AuditEntry.kind == "transition")
        ).scalars()
        assert entry.message == "duplicate"


def test_keeping_it_as_it_is_goes_back_and_moves_nothing(app, client, desk):
    record_id = _request(app)
    page = _ask(client, record_id).get_data(as_text=True)
    back = re.search(r'<a class="btn btn-outline-secondary" href="([^"]+)"', page).group(1)
    assert back == f"/r/{DESK}/{record_id}"
    assert client.get(back).status_code == 200
    assert _state(app, record_id) == "new"
    assert _clock_states(app, record_id) == {"Respond": "running", "Resolve": "running"}


def test_a_confirmation_shown_before_someone_else_changed_the_record_moves_nothing(
    app, client, desk
):
    from core import records

    record_id = _request(app)
    fields = hidden_fields(_ask(client, record_id).get_data(as_text=True))
    with app.app_context():
        records.update(DESK, records.get_record(DESK, record_id), {"subject": "Paper jam"}, None)
    client.post(f"/r/{DESK}/{record_id}/transition", data=fields)
    assert _state(app, record_id) == "new"
    page = client.get(f"/r/{DESK}/{record_id}").get_data(as_text=True)
    assert "Printer on fire was changed by someone else after you were asked" not in page
    assert "Paper jam was changed by someone else after you were asked" in page


def test_a_move_already_made_by_someone_else_is_not_asked_about(app, client, desk):
    record_id = _request(app, state="open")
    answer = _ask(client, record_id, seen="new")
    assert answer.status_code == 302
    assert "has already moved on (now Open)" in client.get(answer.headers["Location"]).get_data(
        as_text=True
    )


def test_a_move_the_workflow_does_not_allow_is_refused_without_a_question(app, client, desk):
    record_id = _request(app)
    answer = _ask(client, record_id, to="teleported")
    assert answer.status_code == 302 and _state(app, record_id) == "new"
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "cannot move to teleported from here" in page


def test_readers_are_not_asked(app, client, desk, make_user, login):
    record_id = _request(app)
    login(client, make_user("reader@example.com", roles=["employee"]))
    assert _ask(client, record_id).status_code in (403, 404)


def test_a_target_the_move_meets_late_is_said(app, client, desk):
    with app.app_context():
        configure(desk_policy(name="Closing", order=1, targets=[CLOSE_ON_CANCEL]))
    record_id = _request(app)
    desk.move_to("2026-12-07T04:00:00Z")  # 11:00 in Hanoi: two working hours of a one-hour goal
    page = _ask(client, record_id).get_data(as_text=True)
    assert "1 SLA target will be met late, past its deadline: Close" in page


def test_a_target_the_move_meets_in_time_is_said(app, client, desk):
    with app.app_context():
        configure(desk_policy(name="Closing", order=1, targets=[CLOSE_ON_CANCEL]))
    record_id = _request(app)
    page = _ask(client, record_id).get_data(as_text=True)
    assert "1 SLA target will be met by this move: Close" in page


def test_a_plugin_whose_hook_raises_leaves_the_question_standing(
    app, client, desk, make_user, login, monkeypatch
):
    import plugins.sla.consequences as sla_consequences

    def broken(*_args, **_kwargs):
        raise RuntimeError("consequences broke")

    monkeypatch.setattr(sla_consequences, "transition_consequences", broken)
    record_id = _request(app)
    asked = _ask(client, record_id)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Printer on fire will be cancelled and can no longer be edited." in page
    assert "SLA clock" not in page and "could not say" not in page  # not an admin
    login(client, make_user("admin@example.com", roles=["admin", *AGENT]))
    page = _ask(client, record_id).get_data(as_text=True)
    assert "Plugin sla could not say what this change will do" in page
    fields = hidden_fields(page)
    client.post(f"/r/{DESK}/{record_id}/transition", data=fields)
    assert _state(app, record_id) == "cancelled"


def test_the_question_reads_in_vietnamese(app, client, desk, make_user, login):
    record_id = _request(app)
    login(client, make_user("lan@example.com", roles=AGENT, language="vi"))
    page = html.unescape(_ask(client, record_id).get_data(as_text=True))
    assert "sẽ chuyển sang" in page and "không thể sửa được nữa" in page
    assert "2 đồng hồ SLA đang chạy sẽ bị hủy: Respond, Resolve" in page
    assert "Giữ nguyên" in page
