"""Benchmark of record transitions with SLA tracking on vs off: 1,000 sales order moves each.

Run ``python bench/bench_transitions.py`` (or ``make bench``). On two copies of the demo
company (SQLite; ``BENCH_DEMO_DB`` reuses one, see ``demo_bench_env``), SLA tracking for sales
orders on in one and off in the other, the demo's administrator creates ``N / 5`` sales orders
by the API in each (not timed) and moves each through its five steps (confirmed, picking,
packed, shipped, delivered) by ``POST /api/v1/orders.sales_order/<id>/transition``: ``N``
transitions a side (``BENCH_TRANSITIONS``, 1,000), the two sides taking turns move by move.
With tracking on, every move also starts, stops or pauses the order's clocks. The figure is
the ratio of the median move on / off: goal ≤ 1.5. Totals are printed too.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results  # noqa: E402
from demo_bench_env import (  # noqa: E402
    SALES_ORDER,
    admin_id,
    demo_app,
    demo_database,
    logged_in_client,
    tracking_off,
)
from sla_bench_env import median, scratch_folder  # noqa: E402

TRANSITIONS = int(os.environ.get("BENCH_TRANSITIONS", "1000"))
STEPS = ("confirmed", "picking", "packed", "shipped", "delivered")
GOAL_RATIO = 1.5


def new_orders(app, client, count: int) -> list[int]:
    """``count`` new draft sales orders (one line of the product with most stock)."""
    from core.db import db

    with app.app_context():
        customer = db.session.execute(db.text("SELECT id FROM crm_customer LIMIT 1")).scalar()
        product = db.session.execute(
            db.text("SELECT id FROM orders_product ORDER BY stock_on_hand DESC LIMIT 1")
        ).scalar()
        db.session.execute(
            db.text("UPDATE orders_product SET stock_on_hand = stock_on_hand + :n WHERE id = :p"),
            {"n": count * 2, "p": product},
        )
        db.session.commit()
    body = {"customer_id": customer, "lines": [{"product_id": product, "quantity": 1}]}
    made = []
    for _ in range(count):
        answer = client.post("/api/v1/" + SALES_ORDER, json=body)
        assert answer.status_code == 201, answer.get_data(as_text=True)
        made.append(answer.json["id"])
    return made


def main() -> None:
    orders_per_side = max(1, TRANSITIONS // len(STEPS))
    with scratch_folder() as folder:
        source = demo_database(folder)
        apps = {"on": demo_app(folder, source, "on"), "off": demo_app(folder, source, "off")}
        tracking_off(apps["off"])
        user = admin_id(apps["on"])
        clients = {side: logged_in_client(app, user) for side, app in apps.items()}
        orders = {side: new_orders(apps[side], clients[side], orders_per_side) for side in apps}
        times: dict[str, list[float]] = {"on": [], "off": []}
        sides = list(apps)
        for number in range(orders_per_side):
            for step in STEPS:
                for side in sides if number % 2 == 0 else reversed(sides):
                    url = f"/api/v1/{SALES_ORDER}/{orders[side][number]}/transition"
                    started = time.perf_counter()
                    answer = clients[side].post(url, json={"to": step})
                    times[side].append((time.perf_counter() - started) * 1000)
                    assert answer.status_code == 200, (side, step, answer.get_data(as_text=True))
        for app in apps.values():
            with app.app_context():
                from core.db import db

                db.session.remove()
                db.engine.dispose()
    on, off = median(times["on"]), median(times["off"])
    ratio = on / off
    count = len(times["on"])
    print(
        f"   {count} transitions a side: median on {on:.1f} ms, off {off:.1f} ms, ratio"
        f" {ratio:.2f}; totals on {sum(times['on']) / 1000:.1f} s,"
        f" off {sum(times['off']) / 1000:.1f} s"
    )
    results.record(
        [
            results.entry("transition, SLA on (median)", on, "ms"),
            results.entry("transition, SLA off (median)", off, "ms"),
            results.entry(
                "transitions SLA on / off",
                ratio,
                "x",
                goal=f"<= {GOAL_RATIO}x",
                baseline=1.0,
                passed=ratio <= GOAL_RATIO,
            ),
        ]
    )


if __name__ == "__main__":
    main()
