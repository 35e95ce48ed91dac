"""``core.records.after_commit`` and savepoints: work waits for the real commit, and a rolled
back savepoint drops only the work registered inside it."""

from __future__ import annotations

from sqlalchemy import text

from core.db import db
from core.records import after_commit


def _begin() -> None:
    db.session.execute(text("select 1"))


def test_work_registered_in_a_savepoint_waits_for_the_outer_commit(app):
    done = []
    with app.app_context():
        _begin()
        savepoint = db.session.begin_nested()
        after_commit(lambda: done.append("inside"))
        savepoint.commit()
        assert done == []
        db.session.commit()
    assert done == ["inside"]


def test_a_rolled_back_savepoint_drops_only_its_own_work(app):
    done = []
    with app.app_context():
        _begin()
        after_commit(lambda: done.append("before"))
        savepoint = db.session.begin_nested()
        after_commit(lambda: done.append("undone"))
        savepoint.rollback()
        after_commit(lambda: done.append("after"))
        db.session.commit()
    assert done == ["before", "after"]


def test_a_released_inner_savepoint_is_undone_with_its_parent(app):
    done = []
    with app.app_context():
        _begin()
        outer = db.session.begin_nested()
        inner = db.session.begin_nested()
        after_commit(lambda: done.append("inner"))
        inner.commit()
        outer.rollback()
        db.session.commit()
    assert done == []


def test_the_outer_rollback_drops_everything(app):
    done = []
    with app.app_context():
        _begin()
        after_commit(lambda: done.append("outer"))
        savepoint = db.session.begin_nested()
        after_commit(lambda: done.append("inside"))
        savepoint.commit()
        db.session.rollback()
        db.session.commit()
    assert done == []


def test_work_registered_before_any_statement_runs_at_the_commit(app):
    done = []
    with app.app_context():
        after_commit(lambda: done.append("early"))
        db.session.execute(text("select 1"))
        db.session.commit()
    assert done == ["early"]
