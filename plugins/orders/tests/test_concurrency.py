"""Several people at once: numbers without gaps or duplicates, no overselling, and one
winner when several change the same order (its stock moved once).

Each test runs real threads, each with its own application context (own session and
connection), on PostgreSQL (row locks) and on SQLite (the write lock)."""

from __future__ import annotations

import threading

from sqlalchemy import select

from core import records
from core.db import db
from core.errors import BusinessRuleError, Conflict, TransitionError
from core.models import AuditEntry
from plugins.orders.models import SalesOrder
from plugins.orders.numbering import company_year
from plugins.orders.tests.support import SALES, new_order, sales_order_in, stock

WORKERS = 8


def run_at_once(app, work) -> list:
    """Run ``work(i)`` in WORKERS threads, each in its own application context (own session
    and connection), released together; returns what each returned or raised."""
    barrier = threading.Barrier(WORKERS)
    results: list = [None] * WORKERS

    def worker(i: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                results[i] = work(i)
            except Exception as exc:  # noqa: BLE001 - the test inspects it
                db.session.rollback()
                results[i] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_creations_get_numbers_one_to_n(app, shop):
    results = run_at_once(app, lambda i: new_order(shop).number)
    assert all(isinstance(r, str) for r in results), results
    year = company_year()
    assert sorted(results) == [f"SO-{year}-{n:05d}" for n in range(1, WORKERS + 1)]


def test_concurrent_creations_of_a_years_first_number_do_not_collide(app, shop):
    """No counter row exists yet: every creator tries to make it; all must succeed."""
    results = run_at_once(app, lambda i: new_order(shop).number)
    assert len(set(results)) == WORKERS
    with app.app_context():
        numbers = db.session.execute(select(SalesOrder.number)).scalars().all()
    assert sorted(numbers) == sorted(results)


def test_concurrent_rollbacks_leave_no_gap(app, shop):
    def work(i: int):
        order = records.create(
            SALES,
            {"customer_id": shop.customer, "lines": [{"product_id": shop.rice, "quantity": 1}]},
            actor_id=shop.seller,
            commit=False,
        )
        if i % 2:
            db.session.rollback()
            return None
        db.session.commit()
        return order.number

    results = [r for r in run_at_once(app, work) if r is not None]
    year = company_year()
    assert sorted(results) == [f"SO-{year}-{n:05d}" for n in range(1, len(results) + 1)]


def test_concurrent_confirmations_never_oversell(app, shop):
    """Eight orders of 3 bottles each race for the last 4 bottles: exactly one wins."""
    with app.app_context():
        ids = [new_order(shop, [{"product_id": shop.sauce, "quantity": 3}]).id for _ in range(8)]

    def work(i: int):
        order = records.get_record(SALES, ids[i])
        records.transition(SALES, order, "confirmed", actor_id=shop.seller)
        return "confirmed"

    results = run_at_once(app, work)
    assert results.count("confirmed") == 1
    assert all(isinstance(r, BusinessRuleError) for r in results if r != "confirmed")
    with app.app_context():
        assert stock(shop.sauce) == (4, 3)


def _move_at_once(
    app, order_id: int, targets: list[str], actor: int, seen: str | None = None
) -> list:
    """Each thread moves the same order to its target (from the state ``seen``, as a button
    shown on a page in that state does); returns the new state or the error."""

    def work(i: int):
        order = records.get_record(SALES, order_id)
        target = targets[i % len(targets)]
        records.transition(SALES, order, target, actor_id=actor, from_state=seen)
        return target

    return run_at_once(app, work)


def _refusals_are_conflicts(results: list) -> bool:
    """Every loser was told the order moved first (409), nothing else went wrong."""
    return all(isinstance(r, Conflict | TransitionError) for r in results if not isinstance(r, str))


def test_one_order_confirmed_by_many_at_once_reserves_its_stock_once(app, shop):
    with app.app_context():
        order_id = new_order(shop, [{"product_id": shop.rice, "quantity": 3}]).id
    results = _move_at_once(app, order_id, ["confirmed"], shop.seller)
    assert results.count("confirmed") == 1
    assert _refusals_are_conflicts(results)
    with app.app_context():
        assert stock(shop.rice) == (50, 3)
        moves = (
            db.session.execute(
                select(AuditEntry).where(
                    AuditEntry.record_id == order_id, AuditEntry.kind == "transition"
                )
            )
            .scalars()
            .all()
        )
        assert len(moves) == 1


def test_one_order_cancelled_by_many_at_once_releases_its_stock_once(app, shop):
    with app.app_context():
        other = sales_order_in(shop, "confirmed", [{"product_id": shop.rice, "quantity": 5}])
        order_id = sales_order_in(shop, "confirmed", [{"product_id": shop.rice, "quantity": 3}]).id
        assert other.state == "confirmed" and stock(shop.rice) == (50, 8)
    results = _move_at_once(app, order_id, ["cancelled"], shop.seller)
    assert results.count("cancelled") == 1
    with app.app_context():
        assert stock(shop.rice) == (50, 5)  # the other order keeps its reservation


def test_confirm_and_cancel_at_once_leave_stock_matching_the_winner(app, shop):
    with app.app_context():
        order_id = new_order(shop, [{"product_id": shop.rice, "quantity": 3}]).id
    # both buttons were clicked on the draft order's page: one move wins, the other is told
    results = _move_at_once(app, order_id, ["confirmed", "cancelled"], shop.seller, "draft")
    assert len([r for r in results if isinstance(r, str)]) == 1
    assert _refusals_are_conflicts(results)
    with app.app_context():
        state = records.get_record(SALES, order_id).state
        assert stock(shop.rice) == ((50, 3) if state == "confirmed" else (50, 0))


def test_one_order_shipped_by_two_clerks_at_once_leaves_the_warehouse_once(app, shop):
    with app.app_context():
        order_id = sales_order_in(shop, "packed", [{"product_id": shop.rice, "quantity": 3}]).id
    results = _move_at_once(app, order_id, ["shipped"], shop.picker)
    assert results.count("shipped") == 1
    with app.app_context():
        assert stock(shop.rice) == (47, 0)
