"""Benchmark of SLA badges on lists: a page of 50 sales orders with SLA tracking on vs off.

Run ``python bench/bench_badge_pages.py`` (or ``make bench``). It builds the demo company on
SQLite (``nhip init --demo``; ``BENCH_DEMO_DB=<file>`` reuses one, see ``demo_bench_env``),
copies it twice and switches SLA tracking off for sales orders in the second copy (its clocks
cancelled, as an admin's switch does): the same orders, with and without their badges, urgency
sort and SLA filters. The demo's administrator then asks Flask's test client for

- the HTML list ``/r/orders.sales_order/?per_page=50`` and
- the API list ``/api/v1/orders.sales_order?per_page=50`` (in the type's own order, the
  API's default; the same list by urgency, ``&sort=urgency``, is shown without a goal)

on both copies in interleaved rounds (``BENCH_BADGE_ROUNDS``, 150; the order alternates), and
the figure is the median of the rounds' ratios on/off (each round times the two sides one
after the other, so a slow spell of the shared machine lifts both and cancels out): goal
≤ 1.2 for both. The medians of each side's times are printed and recorded too. Then it
counts the SQL statements of each list with tracking on for 10, 50 and 100 rows: goal equal
counts (the badges take one query per page, whatever its size).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results  # noqa: E402
from demo_bench_env import (  # noqa: E402
    SALES_ORDER,
    admin_id,
    demo_app,
    demo_database,
    logged_in_client,
    paired_ratio,
    timed_rounds,
    tracking_off,
)
from sla_bench_env import median, scratch_folder  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_BADGE_ROUNDS", "150"))
GOAL_RATIO = 1.2
PAGES = {
    "HTML": "/r/" + SALES_ORDER + "/?per_page={rows}",
    "API": "/api/v1/" + SALES_ORDER + "?per_page={rows}",
}
ROWS = (10, 50, 100)


def statements(app, client, url: str) -> int:
    """How many SQL statements one request of ``url`` sends."""
    from sqlalchemy import event

    from core.db import db

    with app.app_context():
        engine = db.engine
    sent: list[str] = []

    def count(conn, cursor, statement, *args):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, (url, response.status_code)
    return len(sent)


def urgency_figures(clients) -> list[dict]:
    """Shown, no goal: the API list asked for the screens' order (``sort=urgency``, the
    nearest running deadline first) against the same list without SLA; the API's own default
    is the type's order (stable pages), which the goal above measures."""
    url = PAGES["API"].format(rows=50)
    cases = {
        "on": lambda: clients["on"].get(url + "&sort=urgency"),
        "off": lambda: clients["off"].get(url),
    }
    for case in cases.values():
        assert case().status_code == 200
    times = timed_rounds(ROUNDS, cases)
    ratio = paired_ratio(times, "on", "off")
    print(
        f"   API list of 50 by urgency: {median(times['on']):.1f} ms, ratio {ratio:.2f} (no goal)"
    )
    return [results.entry("badge page API by urgency, SLA on / off", ratio, "x", baseline=1.0)]


def main() -> None:
    with scratch_folder() as folder:
        source = demo_database(folder)
        on = demo_app(folder, source, "tracking-on")
        off = demo_app(folder, source, "tracking-off")
        cancelled = tracking_off(off)
        user = admin_id(on)
        clients = {"on": logged_in_client(on, user), "off": logged_in_client(off, user)}
        print(f"   {cancelled} sales order clocks cancelled in the 'off' copy")
        entries = []
        for kind, pattern in PAGES.items():
            url = pattern.format(rows=50)
            for client in clients.values():  # warm both (templates, caches)
                assert client.get(url).status_code == 200
                client.get(url)
            cases = {side: (lambda c=client, u=url: c.get(u)) for side, client in clients.items()}
            times = timed_rounds(ROUNDS, cases)
            medians = {side: median(values) for side, values in times.items()}
            ratio = paired_ratio(times, "on", "off")
            print(
                f"   {kind} list of 50: on {medians['on']:.1f} ms, off {medians['off']:.1f} ms,"
                f" ratio {ratio:.2f}"
            )
            entries += [
                results.entry(f"badge page {kind}, 50 orders, SLA on", medians["on"], "ms"),
                results.entry(f"badge page {kind}, 50 orders, SLA off", medians["off"], "ms"),
                results.entry(
                    f"badge page {kind}, SLA on / off",
                    ratio,
                    "x",
                    goal=f"<= {GOAL_RATIO}x",
                    baseline=1.0,
                    passed=ratio <= GOAL_RATIO,
                ),
            ]
            counts = {
                rows: statements(on, clients["on"], pattern.format(rows=rows)) for rows in ROWS
            }
            print(f"   {kind} SQL statements by rows: {counts}")
            same = len(set(counts.values())) == 1
            for rows in ROWS:
                entries.append(
                    results.entry(
                        f"badge page {kind} SQL statements, {rows} rows",
                        counts[rows],
                        "queries",
                        goal=f"= {counts[ROWS[0]]} (10 rows)",
                        baseline=counts[ROWS[0]],
                        passed=same,
                    )
                )
        entries += urgency_figures(clients)
        for app in (on, off):
            with app.app_context():
                from core.db import db

                db.session.remove()
                db.engine.dispose()
    results.record(entries)
    for item in entries:
        print(f"   {item['name']}: {item['value']:g} {item['unit']}  goal {item['goal']}")


if __name__ == "__main__":
    main()
