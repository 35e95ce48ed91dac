"""PostgreSQL drops the server's connection in the middle of a transition (``nhip run``, the
real server): nothing is half-written (no clock moved without the order's state, no state
without its clocks, no audit line), the page or API answers 503 saying nothing was saved, and
the next request works.

The ``faultline`` test plugin pauses the transition inside its transaction, after the order's
new state and the SLA plugin's clock changes were sent to the database; the test ends that
connection from another one (``pg_terminate_backend``) and lets the transition go on: its next
statement, or its commit, meets the dead connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest
import requests
from fault_support import (
    SALES,
    TIMEOUT,
    api,
    clocks_of,
    csrf,
    everything,
    new_order,
    open_shop,
    signed_in,
    state_of,
)
from sqlalchemy import create_engine, text

from core.testing_server import app_env, running_server, wait_for

LOST = "The connection to the database was lost, so nothing was saved. Please try again."


def terminate(app, backend_pid: int) -> None:
    """End the server's database connection ``backend_pid`` from a connection of our own."""
    engine = create_engine(app.config["NHIP"].database_url)
    try:
        with engine.connect() as connection:
            ended = connection.execute(
                text("SELECT pg_terminate_backend(:pid)"), {"pid": backend_pid}
            ).scalar_one()
        assert ended, f"no backend {backend_pid}"
    finally:
        engine.dispose()


def in_background(call) -> tuple[threading.Thread, list]:
    """Run ``call`` in a thread; its answer (or exception) lands in the returned list."""
    answers: list = []

    def run() -> None:
        try:
            answers.append(call())
        except Exception as exc:  # noqa: BLE001 - reported by the test
            answers.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, answers


def confirming(way: str, url: str, shop, order: int, faults) -> Callable[[], requests.Response]:
    """A call that confirms the order on the server at ``url``: by the API, or by the record
    page's form (then ``faultline`` runs no statement after its pause: the commit meets the
    dead connection)."""
    if way.startswith("api"):
        path = f"/{SALES}/{order}/transition"
        return partial(api, url, "POST", path, shop.token, json={"to": "confirmed"})
    (faults / "quiet").touch()
    browser = signed_in(url)
    page = browser.get(f"{url}/r/{SALES}/{order}", timeout=TIMEOUT).text
    form = {"to": "confirmed", "from": "draft", "csrf_token": csrf(page)}
    return partial(
        browser.post,
        f"{url}/r/{SALES}/{order}/transition",
        data=form,
        timeout=TIMEOUT,
        allow_redirects=False,
    )


@pytest.mark.parametrize("backend", ["postgresql"])
@pytest.mark.parametrize(
    "way", ["api, next statement", "page, at the commit"], ids=["api-statement", "page-commit"]
)
def test_a_connection_dropped_mid_transition_writes_nothing_and_the_next_request_works(
    app, faults, tmp_path, way
):
    shop = open_shop(app)
    order = new_order(app, shop)
    before = everything(app)
    env = {**app_env(app), "FAULTLINE_DIR": str(faults)}
    with running_server(env, tmp_path / "server.log") as url:
        move = confirming(way, url, shop, order, faults)
        (faults / "pause-entity_transitioned").touch()
        thread, answers = in_background(move)
        paused = faults / "paused-entity_transitioned"
        wait_for(lambda: paused.exists() and paused.read_text().strip(), seconds=TIMEOUT)
        terminate(app, int(paused.read_text().split()[1]))
        (faults / "resume").touch()
        thread.join(timeout=2 * TIMEOUT)
        assert not thread.is_alive(), "the transition never answered"
        [answer] = answers
        assert isinstance(answer, requests.Response), answer
        assert answer.status_code == 503, answer.text  # the database's fault: send it again
        assert LOST in (answer.json()["error"] if way.startswith("api") else answer.text)
        assert "terminating connection" in (tmp_path / "server.log").read_text()  # logged

        assert everything(app) == before
        assert (state_of(app, order), clocks_of(app, order)) == ("draft", {"Confirm": "running"})

        (faults / "pause-entity_transitioned").unlink()
        again = confirming("api", url, shop, order, faults)()
        assert again.status_code == 200, again.text
        assert clocks_of(app, order) == {"Confirm": "met", "Ship": "running"}
        assert api(url, "GET", f"/{SALES}/{order}", shop.token).json()["state"] == "confirmed"
