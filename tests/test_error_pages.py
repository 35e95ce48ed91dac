"""Unexpected failures answer a finished page (or JSON under /api) and are logged."""

import pytest
from flask import Blueprint

from core.auth import public
from core.testing import make_app


@pytest.fixture
def broken_app(tmp_path, fresh_database_url):
    app = make_app(tmp_path, fresh_database_url)
    bp = Blueprint("broken", __name__)

    @bp.get("/broken")
    @public
    def broken():
        raise RuntimeError("boom")

    @bp.get("/api/v1/broken")
    @public
    def broken_api():
        raise RuntimeError("boom")

    app.register_blueprint(bp)
    yield app
    with app.app_context():
        from core.db import db

        db.engine.dispose()


def test_an_unexpected_error_shows_the_error_page(broken_app, caplog):
    broken_app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = broken_app.test_client().get("/broken")
    finally:
        broken_app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "boom" in caplog.text


def test_an_unexpected_api_error_answers_json(broken_app):
    broken_app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = broken_app.test_client().get("/api/v1/broken")
    finally:
        broken_app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert response.json == {"error": "internal error; it has been logged"}
