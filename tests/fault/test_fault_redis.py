"""Redis stops while records change (a ``redis-server`` of the test's own, the real server and
real ``nhip worker`` processes): pages and API keep answering, every record and clock is in the
database, and once Redis is back (empty, as a Redis without persistence restarts) a worker's
sweep fires the escalation levels that fell due meanwhile, each once. On SQLite and PostgreSQL.

Worker processes keep real time, so the orders whose level is due are created in the past
(the test process travels back), as in ``plugins/sla/tests/test_escalation_workers.py``, which
also holds the other queue faults this suite relies on:
``test_a_worker_killed_in_the_middle_of_a_level_still_fires_it_once`` (a worker SIGKILLed
mid-level: fired exactly once) and ``test_levels_lost_by_redis_fire_once_after_the_sweep``
(Redis flushed). ``tests/test_queue_redis.py`` covers the queue's own calls with Redis down.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import redis
import requests
import time_machine
from fault_support import (
    SALES,
    TIMEOUT,
    PrivateRedis,
    api,
    clocks_of,
    csrf,
    new_order,
    open_shop,
    signed_in,
    state_of,
)
from rq import Queue
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select

from core.db import db
from core.testing_queue import run_worker, use_redis, worker_env
from core.testing_server import app_env, running_server
from plugins.sla.escalation.schedule import job_id
from plugins.sla.models import Clock, Escalation

pytestmark = pytest.mark.redis


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of this test's own, started; stopped after the test."""
    server = PrivateRedis(tmp_path / "redis.log")
    server.start()
    yield server
    server.stop()


def order_from(app, shop, minutes_ago: float) -> int:
    """A draft order created ``minutes_ago`` (real time): its Confirm level (at 50 % of an
    hour) is due when that is 30 minutes or more."""
    with time_machine.travel(datetime.now(UTC) - timedelta(minutes=minutes_ago), tick=False):
        return new_order(app, shop)


def confirm_clock(app, order: int) -> int:
    with app.app_context():
        clock_id = db.session.execute(
            select(Clock.id).where(
                Clock.entity == SALES, Clock.record_id == order, Clock.target_name == "Confirm"
            )
        ).scalar_one()
        db.session.remove()
        return clock_id


def waiting_jobs(url: str) -> set[str]:
    """The ids of the jobs Redis holds, queued or scheduled."""
    connection = redis.Redis.from_url(url)
    try:
        scheduled = ScheduledJobRegistry("default", connection=connection).get_job_ids()
        return set(scheduled) | set(Queue("default", connection=connection).job_ids)
    finally:
        connection.close()


def fired(app) -> dict[int, list[float]]:
    """``{clock id: [percent of each level fired]}``."""
    with app.app_context():
        rows = db.session.execute(
            select(Escalation.clock_id, Escalation.percent).order_by(Escalation.id)
        ).all()
        db.session.remove()
    out: dict[int, list[float]] = {}
    for clock_id, percent in rows:
        out.setdefault(clock_id, []).append(percent)
    return out


def test_records_change_while_redis_is_stopped_and_levels_due_meanwhile_fire_once_after(
    app, private_redis, monkeypatch, tmp_path
):
    use_redis(app, monkeypatch, private_redis.url)
    shop = open_shop(app)
    lost = order_from(app, shop, 45)  # its level's job went to Redis, which will lose it
    queued = order_from(app, shop, 45)  # so did this one's; it is cancelled meanwhile
    assert waiting_jobs(private_redis.url) >= {
        job_id(confirm_clock(app, o)) for o in (lost, queued)
    }
    env = app_env(app, redis_url=private_redis.url)
    with running_server(env, tmp_path / "server.log") as url:
        private_redis.stop()
        stranded = order_from(app, shop, 40)  # scheduling fails quietly: Redis is down

        health = requests.get(f"{url}/health", timeout=TIMEOUT)
        assert (health.status_code, health.json()["queue"]) == (200, "down")
        made = api(url, "POST", f"/{SALES}", shop.token, json=shop.order_body())
        assert made.status_code == 201, made.text
        created = made.json()["id"]
        confirm = {"to": "confirmed"}
        moved = api(url, "POST", f"/{SALES}/{created}/transition", shop.token, json=confirm)
        assert moved.status_code == 200, moved.text
        browser = signed_in(url)
        page = browser.get(f"{url}/r/{SALES}/{queued}", timeout=TIMEOUT)
        assert page.status_code == 200
        answer = browser.post(
            f"{url}/r/{SALES}/{queued}/transition",
            data={"to": "cancelled", "from": "draft", "csrf_token": csrf(page.text)},
            timeout=TIMEOUT,
        )
        assert answer.status_code == 200 and "is now" in answer.text, answer.text[-800:]
        assert "Something went wrong" not in answer.text

    # nothing lost: the records and their clocks are in the database
    assert state_of(app, created) == "confirmed"
    assert clocks_of(app, created) == {"Confirm": "met", "Ship": "running"}
    assert state_of(app, queued) == "cancelled"
    assert clocks_of(app, queued) == {"Confirm": "cancelled"}
    assert clocks_of(app, stranded) == clocks_of(app, lost) == {"Confirm": "running"}
    assert fired(app) == {}

    private_redis.start()  # back, empty
    env = worker_env(app, private_redis.url)
    run_worker(env)  # a burst worker sweeps once at start
    run_worker(env)
    due_meanwhile = {confirm_clock(app, lost): [50], confirm_clock(app, stranded): [50]}
    assert fired(app) == due_meanwhile  # once each; the cancelled order's level never fires
