"""Per-request cost of SLA on lists: the tracking switches are read once per request (not
once per hook), the statements of a list do not grow with its rows, and a switch changed
elsewhere (another process, another connection) is followed at the next request."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, text

from core.db import db
from core.testing import login_as
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import new_request

LIST = "/api/v1/desk.request?per_page=100"


@contextmanager
def statements():
    """The SQL statements sent meanwhile."""
    sent: list[str] = []

    def keep(conn, cursor, statement, *args):
        sent.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def switch_reads(sent: list[str]) -> list[str]:
    """The statements that read the tracking switches themselves (the badges' clock query
    names them in a sub-query: not a read of its own)."""
    return [s for s in sent if "FROM sla_module_switch" in s and "sla_clock" not in s]


def admin_client(app, client, make_user):
    login_as(client, make_user("boss@example.com", roles=["admin"]))
    return client


def badge_count(client) -> int:
    answer = client.get(LIST)
    assert answer.status_code == 200
    return sum(len(item["badges"]) for item in answer.json["items"])


def test_a_list_request_reads_the_tracking_switches_once(sla_app, client, make_user, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    for number in range(3):
        new_request(subject=f"r{number}")
    client = admin_client(sla_app, client, make_user)
    client.get(LIST)  # warm: first-request work is not what is counted
    with statements() as sent:
        assert badge_count(client) == 6
    assert len(switch_reads(sent)) == 1, switch_reads(sent)
    with statements() as again:
        client.get("/r/desk.request/")
    assert len(switch_reads(again)) == 1, "a fresh request reads them again, once"


def test_a_list_sends_as_many_statements_for_3_rows_as_for_30(sla_app, client, make_user, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    for number in range(3):
        new_request(subject=f"r{number}")
    client = admin_client(sla_app, client, make_user)
    client.get(LIST)
    with statements() as few:
        assert badge_count(client) == 6
    for number in range(27):
        new_request(subject=f"more{number}")
    client.get(LIST)
    with statements() as many:
        assert badge_count(client) == 60
    assert len(few) == len(many), [s.split("FROM")[1][:40] for s in many]


def test_a_switch_changed_elsewhere_is_followed_at_the_next_request(
    sla_app, client, make_user, clock_at
):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    new_request()
    client = admin_client(sla_app, client, make_user)
    assert badge_count(client) == 2
    other = db.engine.connect()  # another process's connection, bypassing this session
    try:
        other.execute(
            text("UPDATE sla_module_switch SET enabled = :off WHERE entity = 'desk.request'"),
            {"off": False},
        )
        other.commit()
        assert badge_count(client) == 0
        other.execute(
            text("UPDATE sla_module_switch SET enabled = :on WHERE entity = 'desk.request'"),
            {"on": True},
        )
        other.commit()
    finally:
        other.close()
    assert badge_count(client) == 2
