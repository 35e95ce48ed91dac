"""The ``webhook`` action against a real HTTP server on loopback: the message is sent after
the level commits, signed so that the receiver can check it, retried with back-off when the
receiver fails, and its outcome recorded on the escalation. A call whose job was lost (Redis
down, flushed) is sent late by ``resend_lost``, and never twice."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.db import db
from core.queue import Periodic, drain, embedded
from core.queue.periodic import collect
from core.testing_queue import redis_down, use_redis
from plugins.sla.escalation.actions import action_types
from plugins.sla.escalation.actions.webhook import (
    RETRIES,
    deliver,
    resend_lost,
    signature,
    verify,
)
from plugins.sla.escalation.context import DONE, FAILED, QUEUED
from plugins.sla.models import Escalation
from plugins.sla.tests.action_support import build_org, context_for, finish, run
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import new_request

SECRET = "s3cret-shared-with-the-receiver"


class Receiver:
    """A webhook receiver on 127.0.0.1 answering each POST with the next of ``statuses``
    (the last repeats) and keeping what it got."""

    def __init__(self) -> None:
        self.statuses = [200]
        self.received: list[tuple[dict, bytes]] = []
        self.entered = threading.Event()  # set when a POST arrives
        self.gate: threading.Event | None = None  # when set: answers wait for it
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                receiver.entered.set()
                if receiver.gate is not None:
                    receiver.gate.wait(10)
                index = min(len(receiver.received), len(receiver.statuses)) - 1
                self.send_response(receiver.statuses[index])
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/nhip"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.stop()


@pytest.fixture
def quick_retries(monkeypatch):
    """The embedded queue's back-off shortened: the retries are what is tested, not the wait."""
    monkeypatch.setattr(embedded, "BACKOFF", (0.01,))


def _level(url: str, secret: str | None = SECRET) -> list[dict]:
    hook = {"type": "webhook", "url": url}
    if secret is not None:
        hook["secret"] = secret
    return [{"at": 100, "actions": [hook, {"type": "notify", "to": ["responsible"]}]}]


@pytest.fixture
def fire(sla_app, make_user, clock_at):
    """``fire(url, secret)``: a desk request an hour past its Resolve deadline whose 100 %
    level (a webhook, then a notification) runs; returns the context (not committed)."""

    def start(url: str, secret: str | None = SECRET):
        policy = desk_policy()
        policy["targets"][1]["escalations"] = _level(url, secret)
        configure(policy)
        org = build_org(make_user)
        clock_at("2026-12-07T09:00")
        request = new_request(owner_id=org.users["staff"], team="SUPPORT")
        clock_at("2026-12-07T15:30")
        context = context_for(request)
        outcomes = run(context, *policy["targets"][1]["escalations"][0]["actions"])
        return context, outcomes

    return start


def _outcome(escalation_id: int) -> dict:
    db.session.expire_all()
    return db.session.get(Escalation, escalation_id).outcomes[0]


def test_the_runner_queues_the_call_and_the_levels_other_actions_run(fire, receiver):
    context, outcomes = fire(receiver.url)
    assert [o.status for o in outcomes] == [QUEUED, DONE]
    assert outcomes[0].detail == {
        "url": receiver.url,
        "attempts": 0,
        "body": json.dumps(payload_of(context), ensure_ascii=False),
    }
    assert receiver.received == []  # nothing leaves before the commit


def payload_of(context) -> dict:
    """The message the runner stored for the level of ``context``."""
    from plugins.sla.escalation.actions.webhook import payload

    return payload(context)


def test_the_receiver_gets_a_signed_message_and_the_outcome_is_done(fire, receiver):
    context, _ = fire(receiver.url)
    escalation_id = context.escalation.id
    finish()
    ((headers, body),) = receiver.received
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Nhip-Event"] == "sla.escalation"
    payload = json.loads(body)
    assert headers["X-Nhip-Timestamp"] == str(payload["sent_at"])
    assert headers["X-Nhip-Signature"] == signature(SECRET, body)
    assert verify(
        SECRET,
        body,
        headers["X-Nhip-Signature"],
        timestamp=headers["X-Nhip-Timestamp"],
        now=payload["sent_at"] + 5,
    )
    outcome = _outcome(escalation_id)
    assert outcome["status"] == DONE
    assert outcome["detail"]["http_status"] == 200
    assert outcome["detail"]["attempts"] == 1


def test_the_message_says_what_fired(fire, receiver):
    context, _ = fire(receiver.url)
    finish()
    payload = json.loads(receiver.received[0][1])
    assert payload == {
        "event": "sla.escalation",
        "escalation_id": context.escalation.id,
        "entity": "desk.request",
        "record_id": context.record.id,
        "title": "Printer on fire",
        "url": f"/r/desk.request/{context.record.id}",
        "target": "Resolve",
        "percent": 100.0,
        "due_at": "2026-12-07T07:30:00+00:00",
        "fired_at": "2026-12-07T08:30:00+00:00",
        "minutes_over": 60.0,
        "responsible_email": "staff@example.com",
        "sent_at": payload["sent_at"],
    }
    assert payload["sent_at"] == 1796632200  # 2026-12-07 08:30 UTC: time is frozen here


def test_nothing_is_sent_when_the_level_rolls_back(fire, receiver):
    fire(receiver.url)
    db.session.rollback()
    finish()
    assert receiver.received == []


def test_a_failing_receiver_is_tried_again_then_recorded_failed(fire, receiver, quick_retries):
    receiver.statuses = [500]
    context, _ = fire(receiver.url)
    escalation_id = context.escalation.id
    finish()
    assert len(receiver.received) == RETRIES + 1
    outcome = _outcome(escalation_id)
    assert outcome["status"] == FAILED
    assert outcome["error"] == "HTTP 500 Internal Server Error"
    assert outcome["detail"]["attempts"] == RETRIES + 1
    assert _outcome_of_notify(escalation_id)["status"] == DONE


def _outcome_of_notify(escalation_id: int) -> dict:
    return db.session.get(Escalation, escalation_id).outcomes[1]


def test_each_attempt_is_signed_afresh(fire, receiver, quick_retries):
    receiver.statuses = [503, 200]
    fire(receiver.url)
    finish()
    assert len(receiver.received) == 2
    for headers, body in receiver.received:
        assert verify(
            SECRET, body, headers["X-Nhip-Signature"], timestamp=headers["X-Nhip-Timestamp"]
        )


def test_a_receiver_that_recovers_is_recorded_done(fire, receiver, quick_retries):
    receiver.statuses = [502, 500, 200]
    context, _ = fire(receiver.url)
    escalation_id = context.escalation.id
    finish()
    outcome = _outcome(escalation_id)
    assert outcome["status"] == DONE
    assert outcome["detail"]["attempts"] == 3
    assert outcome["error"] is None


def test_a_refusal_is_final_at_once(fire, receiver, quick_retries):
    receiver.statuses = [403]
    context, _ = fire(receiver.url)
    escalation_id = context.escalation.id
    finish()
    assert len(receiver.received) == 1
    outcome = _outcome(escalation_id)
    assert outcome["status"] == FAILED and outcome["error"] == "HTTP 403 Forbidden"


def test_a_receiver_nobody_answers_for_is_recorded_failed(fire, receiver, quick_retries):
    url = receiver.url
    receiver.stop()
    context, _ = fire(url)
    escalation_id = context.escalation.id
    finish()
    outcome = _outcome(escalation_id)
    assert outcome["status"] == FAILED
    assert "Connection refused" in outcome["error"]
    assert outcome["detail"]["attempts"] == RETRIES + 1


def test_without_a_secret_the_message_goes_unsigned(fire, receiver):
    fire(receiver.url, secret=None)
    finish()
    ((headers, _body),) = receiver.received
    assert "X-Nhip-Signature" not in headers and "X-Nhip-Timestamp" in headers


def test_verify_refuses_a_changed_body_a_wrong_secret_and_a_replay():
    body = json.dumps({"event": "sla.escalation", "sent_at": 1_000_000}).encode()
    header = signature(SECRET, body)
    assert verify(SECRET, body, header)
    assert verify(SECRET, body, header, timestamp="1000000", now=1_000_060)
    assert not verify(SECRET, body.replace(b"sla", b"SLA"), header)
    assert not verify("another secret", body, header)
    assert not verify(SECRET, body, None)
    assert not verify(SECRET, body, header, timestamp="1000000", now=1_000_000 + 3600)
    assert not verify(SECRET, body, header, timestamp="999999", now=1_000_000)


@pytest.mark.parametrize("url", ["ftp://example.com/hook", "file:///etc/passwd", "example.com"])
def test_only_http_urls_are_accepted(sla_app, url):
    assert action_types()["webhook"].validate({"url": url}) == ["url: an http(s) URL"]


# -- lost jobs ------------------------------------------------------------------------------


@pytest.fixture
def lost_call(sla_app, fire, receiver, monkeypatch):
    """A level's webhook call fired at 15:30 while Redis is down (its job is lost), committed;
    returns the escalation's id. The application is back in the embedded mode."""
    redis_down(sla_app, monkeypatch)
    context, _ = fire(receiver.url)
    escalation_id = context.escalation.id
    finish()
    use_redis(sla_app, monkeypatch, None)  # the embedded mode again
    return escalation_id


def test_a_call_whose_job_was_lost_waits_queued(lost_call, receiver):
    assert receiver.received == []
    assert _outcome(lost_call)["status"] == QUEUED


def test_resend_lost_sends_a_lost_call_once(lost_call, receiver, clock_at):
    clock_at("2026-12-07T15:41")
    assert resend_lost() == 1
    assert drain(30)
    assert len(receiver.received) == 1
    outcome = _outcome(lost_call)
    assert outcome["status"] == DONE and outcome["detail"]["attempts"] == 1
    assert "sending_since" not in outcome["detail"]
    payload = json.loads(receiver.received[0][1])
    assert payload["escalation_id"] == lost_call and payload["fired_at"].startswith("2026-12-07")
    clock_at("2026-12-07T16:30")
    assert resend_lost() == 0


def test_the_lost_job_turning_up_after_the_resend_sends_nothing(lost_call, receiver, clock_at):
    clock_at("2026-12-07T15:41")
    resend_lost()
    assert drain(30)
    deliver(lost_call, 0)  # the original job, found again
    assert len(receiver.received) == 1


def test_resend_lost_leaves_a_call_that_is_not_late_yet(lost_call, receiver, clock_at):
    clock_at("2026-12-07T15:35")
    assert resend_lost() == 0
    assert drain(30)
    assert receiver.received == []
    assert _outcome(lost_call)["status"] == QUEUED


def test_a_call_resent_but_lost_again_is_resent_after_another_wait(
    sla_app, lost_call, receiver, clock_at, monkeypatch
):
    clock_at("2026-12-07T15:41")
    redis_down(sla_app, monkeypatch)
    assert resend_lost() == 1  # queued again, and lost again
    use_redis(sla_app, monkeypatch, None)  # the embedded mode again
    clock_at("2026-12-07T15:45")
    assert resend_lost() == 0, "the re-send is news: wait for it"
    clock_at("2026-12-07T15:52")
    assert resend_lost() == 1
    assert drain(30)
    assert len(receiver.received) == 1


def test_two_attempts_starting_together_post_once(sla_app, lost_call, receiver):
    start = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def job() -> None:
        try:
            with sla_app.app_context():
                start.wait()
                deliver(lost_call, 0)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(receiver.received) == 1
    assert _outcome(lost_call)["status"] == DONE


def test_an_attempt_while_another_is_posting_sends_nothing(sla_app, lost_call, receiver, clock_at):
    receiver.gate = threading.Event()
    clock_at("2026-12-07T15:41")  # late enough for resend_lost to look at it

    def first_job() -> None:
        with sla_app.app_context():
            deliver(lost_call, 0)

    first = threading.Thread(target=first_job)
    first.start()
    try:
        assert receiver.entered.wait(10), "the first attempt is posting"
        deliver(lost_call, 0)  # returns at once: the call is claimed
        assert resend_lost() == 0, "an attempt holds it"
    finally:
        receiver.gate.set()
        first.join(30)
    assert len(receiver.received) == 1
    assert _outcome(lost_call)["status"] == DONE


def test_a_claim_left_by_a_worker_that_died_is_taken_over(lost_call, receiver, clock_at):
    escalation = db.session.get(Escalation, lost_call)
    detail = {**escalation.outcomes[0]["detail"], "sending_since": "2026-12-07T08:38:00+00:00"}
    escalation.set_outcome(0, detail=detail)  # a worker claimed it at 15:38, then was killed
    db.session.commit()
    clock_at("2026-12-07T15:41")
    assert resend_lost() == 0, "the claim is recent"
    assert _outcome(lost_call)["detail"]["sending_since"] == "2026-12-07T08:38:00+00:00"
    clock_at("2026-12-07T15:44")
    assert resend_lost() == 1
    assert drain(30)
    assert len(receiver.received) == 1
    assert _outcome(lost_call)["status"] == DONE


def test_the_catch_up_is_a_periodic_task_of_the_plugin(sla_app):
    task = Periodic(
        "sla.resend_lost_webhooks", 10, "plugins.sla.escalation.actions.webhook.resend_lost"
    )
    assert task in collect(sla_app)
