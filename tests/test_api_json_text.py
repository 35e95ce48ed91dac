"""JSON written ahead of time (a badge's) goes into an answer as it is, and nothing in the
data can pass for it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from core.api.json_text import JSONText, dumps
from core.ui.badges import Badge


def test_json_text_is_written_as_it_is_among_the_other_values(app):
    badges = [Badge(source="sla", label="Giao hàng: 2h left", data={"status": "on_track"})]
    body = {"items": [{"id": 1, "badges": JSONText("[" + badges[0].api_text + "]")}], "n": 2}
    with app.app_context():
        text = dumps(body, ensure_ascii=False)
    assert json.loads(text) == {
        "items": [{"id": 1, "badges": [badges[0].api_json]}],
        "n": 2,
    }
    assert "Giao hàng" in text  # UTF-8, not \u escapes


def test_a_string_of_the_data_cannot_pass_for_a_mark(app):
    """A field holding the mark's shape (NUL, a word, a number) stays a string."""
    forged = [f"\x00{'0' * 16}:0", "\x00deadbeefdeadbeef:0", "\\u0000x:0"]
    body = {"fields": forged, "badges": JSONText('[{"label": "kept"}]')}
    with app.app_context():
        answer = json.loads(dumps(body, ensure_ascii=False))
    assert answer == {"fields": forged, "badges": [{"label": "kept"}]}


def test_without_json_text_the_answer_is_plain_json(app):
    body = {"when": datetime(2026, 11, 30, 8, 0, tzinfo=UTC), "list": [1, "a", None]}
    with app.app_context():
        assert dumps(body) == app.json.dumps(body, sort_keys=False)


def test_a_badges_text_is_its_json(app):
    badge = Badge(source="x", label="Đơn gấp", data={"n": 2, "when": "2026-11-30"})
    assert (
        json.loads(badge.api_text)
        == badge.api_json
        == {
            "source": "x",
            "n": 2,
            "when": "2026-11-30",
            "label": "Đơn gấp",
        }
    )
