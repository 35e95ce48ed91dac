"""``webhook``: POST a signed JSON message about the escalation to another system.

Configuration: ``url`` (http or https) and ``secret`` (text; without it the message is sent
unsigned). The runner only registers the call, to be made by a queue job after the firing
transaction commits, and answers ``queued``; a slow or broken receiver never holds up the
level's other actions. The job POSTs the body (10 s timeout) with::

    Content-Type: application/json
    X-Nhip-Event: sla.escalation
    X-Nhip-Timestamp: <unix seconds, equal to the body's sent_at>
    X-Nhip-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes under the secret>

An answer other than 2xx, or no answer, is tried again with back-off (``RETRIES`` more times;
a 4xx other than 408 and 429 is final at once), then the outcome is recorded ``failed`` with
the error and the number of attempts; a 2xx records ``done`` with the HTTP status. Receivers
check a message with ``verify``.

The database, not the queue, says what is still to send: the message is stored in the
outcome (``detail.body``) with the firing, and each attempt first *claims* the outcome under
the escalation's row lock (``detail.sending_since``, committed before the POST; cleared when
the attempt is recorded). So two jobs for one call (a retry racing a re-sent job, a lost job
that turns up again) never both send it; only a worker that dies in the middle of a POST
leaves a claim behind, taken over after ``CLAIM_TIMEOUT``. A job that never reached Redis, or
that Redis lost, is found by the periodic task ``resend_lost``: an outcome still ``queued``
``LOST_AFTER`` after its last news (the firing, an attempt, a re-send) is queued again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import Text, cast

from core import queue
from core.db import db, utcnow
from core.locks import locked_rows
from core.mail import absolute_link
from core.models import User
from core.records import after_commit
from plugins.sla.escalation.actions.recipients import responsible
from plugins.sla.escalation.context import DONE, FAILED, QUEUED, EscalationContext, Outcome
from plugins.sla.escalation.levels import ladder
from plugins.sla.models import Escalation

log = logging.getLogger("nhip.sla")

EVENT = "sla.escalation"
DELIVER_JOB = "plugins.sla.escalation.actions.webhook.deliver"
TIMEOUT_SECONDS = 10
#: attempts after the first, spaced by the queue's back-off
RETRIES = 3
#: how old a message ``verify`` accepts by default (seconds)
TOLERANCE_SECONDS = 300
SIGNATURE_HEADER = "X-Nhip-Signature"
TIMESTAMP_HEADER = "X-Nhip-Timestamp"
#: a call still ``queued`` this long after its last news has lost its job (longer than the
#: queue's longest wait between two attempts, 5 min on the workers)
LOST_AFTER = timedelta(minutes=10)
#: an attempt's claim older than this belongs to a worker that died during the POST (which
#: lasts at most ``TIMEOUT_SECONDS``): it may be taken over
CLAIM_TIMEOUT = timedelta(minutes=5)
#: how far back ``resend_lost`` looks for lost calls (by the escalation's firing)
LOOKBACK = timedelta(days=7)


class DeliveryFailed(Exception):
    """This attempt failed (``status``: the HTTP status, if the receiver answered)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def validate(config: dict) -> list[str]:
    url = config.get("url")
    parsed = urlparse(url) if isinstance(url, str) else None
    if not parsed or parsed.scheme not in ("http", "https") or not parsed.netloc:
        return ["url: an http(s) URL"]
    if "secret" in config and not isinstance(config["secret"], str):
        return ["secret: text used to sign the payload"]
    return []


def run(context: EscalationContext, config: dict) -> Outcome:
    """Register the delivery job for after the commit; the job records the result. A replayed
    history calls nobody."""
    if context.replay:
        return Outcome(DONE, {"url": config.get("url"), "replayed": True})
    if validate(config):
        return Outcome(FAILED, error="; ".join(validate(config)))
    escalation_id, index = context.escalation.id, context.index
    body = json.dumps(payload(context), ensure_ascii=False)
    after_commit(lambda: _enqueue(escalation_id, index))
    return Outcome(QUEUED, {"url": config["url"], "attempts": 0, "body": body})


def _enqueue(escalation_id: int, index: int) -> None:
    queue.enqueue(
        DELIVER_JOB,
        escalation_id,
        index,
        job_id=f"sla-webhook-{escalation_id}-{index}",
        retry=RETRIES,
    )


def payload(context: EscalationContext) -> dict[str, Any]:
    """What the receiver is told (``sent_at`` is added at each attempt)."""
    escalation = context.escalation
    person = responsible(context)
    email = (
        db.session.execute(db.select(User.email).where(User.id == person)).scalar_one_or_none()
        if person is not None
        else None
    )
    return {
        "event": EVENT,
        "escalation_id": escalation.id,
        "entity": context.entity.key,
        "record_id": context.record.id,
        "title": context.title,
        "url": absolute_link(context.url),
        "target": context.clock.target_name,
        "percent": context.percent,
        "due_at": escalation.due_at.isoformat() if escalation.due_at else None,
        "fired_at": (escalation.fired_at or context.now).isoformat(),
        "minutes_over": round(context.minutes_over, 1),
        "responsible_email": email,
    }


def deliver(escalation_id: int, index: int, body: str | None = None) -> None:
    """The queue job: one attempt to POST the escalation's message; records the outcome.

    The attempt first claims the outcome (see the module docstring): a call done, given up,
    or being made by another job is left alone. The message is the one stored with the
    outcome (``body`` is read only for jobs queued by earlier versions, which passed it).
    Raises ``DeliveryFailed`` when the attempt failed and another will follow (the queue
    retries); records ``failed`` instead after the last attempt.
    """
    claimed = _claim(escalation_id, index)
    if claimed is None:
        return  # delivered, given up, or in the hands of another job
    config, stored = claimed
    message = stored or body
    if config is None or message is None:
        error = "the webhook's level is no longer known" if config is None else "no message stored"
        _record(escalation_id, index, ok=False, error=error)
        return
    try:
        status = post(config["url"], config.get("secret") or "", message)
    except DeliveryFailed as exc:
        attempts = _record(escalation_id, index, ok=False, error=str(exc), final=_final(exc))
        if attempts <= RETRIES and not _final(exc):
            raise
        return
    _record(escalation_id, index, ok=True, status=status)


def _claim(escalation_id: int, index: int) -> tuple[dict | None, str | None] | None:
    """Take the ``index``-th outcome for one attempt, committed, under the row lock: its
    configuration and stored message; None when it is no longer ``queued`` or another
    attempt holds it. The transaction ends here: none is open while the receiver answers."""
    now = utcnow()
    rows = locked_rows(Escalation, Escalation.id == escalation_id)
    escalation = rows[0] if rows else None
    if escalation is None or index >= len(escalation.outcomes or []):
        db.session.rollback()
        return None
    outcome = escalation.outcomes[index]
    detail = dict(outcome.get("detail") or {})
    if outcome.get("status") != QUEUED or _held(detail, now):
        db.session.rollback()
        return None
    config = action_config(escalation, index)
    escalation.set_outcome(index, detail={**detail, "sending_since": now.isoformat()})
    db.session.commit()
    return config, detail.get("body")


def _held(detail: dict, now: datetime) -> bool:
    """Whether an attempt claimed the call less than ``CLAIM_TIMEOUT`` before ``now``."""
    claimed = _instant(detail.get("sending_since"))
    return claimed is not None and claimed > now - CLAIM_TIMEOUT


def resend_lost(now: datetime | None = None) -> int:
    """The periodic task: queue again every webhook call whose job was lost; returns how many.

    A call is lost when its outcome is still ``queued`` ``LOST_AFTER`` after its last news
    (the firing, the last attempt, the last re-send) with no attempt holding it, or when an
    attempt's claim is older than ``CLAIM_TIMEOUT`` (its worker died). Escalations fired
    more than ``LOOKBACK`` ago are not looked at. Each escalation is handled in a
    transaction of its own under its row lock, and the jobs are queued after its commit.
    """
    now = now or utcnow()
    resent = 0
    for escalation_id in _waiting_escalations(now):
        try:
            resent += _resend(escalation_id, now)
        except Exception:  # noqa: BLE001 - one broken escalation must not stop the others
            db.session.rollback()
            log.exception("SLA webhooks: escalation %s could not be re-sent", escalation_id)
    if resent:
        log.info("SLA webhooks: %s lost calls queued again", resent)
    return resent


def _waiting_escalations(now: datetime) -> list[int]:
    """Ids of the escalations fired within ``LOOKBACK`` (and long enough ago for a call to be
    lost) with an outcome that reads ``queued``: candidates, checked under the lock."""
    stmt = (
        db.select(Escalation.id)
        .where(
            Escalation.fired_at >= now - LOOKBACK,
            Escalation.fired_at <= now - min(LOST_AFTER, CLAIM_TIMEOUT),
            cast(Escalation.outcomes, Text).like(f'%"{QUEUED}"%'),
        )
        .order_by(Escalation.id)
    )
    ids = list(db.session.execute(stmt).scalars())
    db.session.rollback()
    return ids


def _resend(escalation_id: int, now: datetime) -> int:
    """Queue again the lost webhook calls of one escalation (after the commit); how many."""
    rows = locked_rows(Escalation, Escalation.id == escalation_id)
    if not rows:
        db.session.rollback()
        return 0
    escalation = rows[0]
    resent = 0
    for index, outcome in enumerate(escalation.outcomes or []):
        if outcome.get("type") != "webhook" or not _lost(outcome, escalation.fired_at, now):
            continue
        detail = {k: v for k, v in (outcome.get("detail") or {}).items() if k != "sending_since"}
        detail["requeued_at"] = now.isoformat()
        if not detail.get("body"):
            escalation.set_outcome(
                index, status=FAILED, detail=detail, error="delivery lost; no message stored"
            )
            continue
        escalation.set_outcome(index, detail=detail)
        after_commit(lambda index=index: _enqueue(escalation_id, index))
        resent += 1
    db.session.commit()
    return resent


def _lost(outcome: dict, fired_at: datetime, now: datetime) -> bool:
    """Whether a webhook call's job is lost (see ``resend_lost``)."""
    if outcome.get("status") != QUEUED:
        return False
    detail = outcome.get("detail") or {}
    claimed = _instant(detail.get("sending_since"))
    if claimed is not None:
        return claimed <= now - CLAIM_TIMEOUT
    news = [fired_at, _instant(detail.get("last_attempt_at")), _instant(detail.get("requeued_at"))]
    return max(t for t in news if t is not None) <= now - LOST_AFTER


def _instant(value: Any) -> datetime | None:
    """An ISO instant stored in an outcome's detail, or None."""
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def action_config(escalation: Escalation, index: int) -> dict | None:
    """The webhook's configuration, read again from the clock's (immutable) policy version,
    so the secret never travels through the queue."""
    for level in ladder(escalation.clock.target.escalations):
        if level.percent == escalation.percent and index < len(level.actions):
            action = level.actions[index]
            return action if action.get("type") == "webhook" else None
    return None


def post(url: str, secret: str, body: str) -> int:
    """POST ``body`` with its timestamp and signature; the HTTP status of a 2xx answer.

    ``sent_at`` (unix seconds) is set in the body here, and the same value in the
    ``X-Nhip-Timestamp`` header, so that each attempt is signed afresh.
    """
    sent_at = int(time.time())
    data = json.dumps({**json.loads(body), "sent_at": sent_at}, ensure_ascii=False).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Nhip-SLA-webhook",
        "X-Nhip-Event": EVENT,
        TIMESTAMP_HEADER: str(sent_at),
    }
    if secret:
        headers[SIGNATURE_HEADER] = signature(secret, data)
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as answer:
            status = answer.status
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"HTTP {exc.code} {exc.reason}", exc.code) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryFailed(f"{type(exc).__name__}: {reason}") from None
    if not 200 <= status < 300:
        raise DeliveryFailed(f"HTTP {status}", status)
    return status


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: the HMAC-SHA256 of ``body`` under ``secret``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    body: bytes,
    header: str | None,
    *,
    timestamp: str | None = None,
    tolerance: int = TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """Whether ``header`` (the ``X-Nhip-Signature`` value) signs ``body`` (the exact bytes
    received) under ``secret``. Given ``timestamp`` (the ``X-Nhip-Timestamp`` value), also that
    it equals the body's ``sent_at`` and is at most ``tolerance`` seconds away from ``now``,
    so that a replayed message is refused."""
    if not header or not hmac.compare_digest(signature(secret, body), header.strip()):
        return False
    if timestamp is None:
        return True
    try:
        sent_at = int(json.loads(body)["sent_at"])
        stamped = int(timestamp)
    except (ValueError, KeyError, TypeError):
        return False
    moment = time.time() if now is None else now
    return sent_at == stamped and abs(moment - stamped) <= tolerance


def _final(exc: DeliveryFailed) -> bool:
    """A refusal that another attempt will not change (4xx, except timeout and rate limit)."""
    status = exc.status
    return status is not None and 400 <= status < 500 and status not in (408, 429)


def _record(
    escalation_id: int,
    index: int,
    *,
    ok: bool,
    status: int | None = None,
    error: str | None = None,
    final: bool = True,
) -> int:
    """Store one attempt in the escalation's outcome and release its claim (row locked: two
    webhooks of one level may finish at once); returns the attempts so far."""
    rows = locked_rows(Escalation, Escalation.id == escalation_id)
    if not rows:
        db.session.rollback()
        return 0
    escalation = rows[0]
    outcome = escalation.outcomes[index]
    detail = {k: v for k, v in (outcome.get("detail") or {}).items() if k != "sending_since"}
    attempts = int(detail.get("attempts", 0)) + 1
    detail["attempts"] = attempts
    detail["last_attempt_at"] = utcnow().isoformat()
    if ok:
        detail["http_status"] = status
        escalation.set_outcome(index, status=DONE, detail=detail, error=None)
    elif final or attempts > RETRIES:
        escalation.set_outcome(index, status=FAILED, detail=detail, error=error)
    else:
        escalation.set_outcome(index, detail=detail, error=error)  # still queued: retried
    db.session.commit()
    return attempts


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any non-2xx one: the message is not re-sent elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)
