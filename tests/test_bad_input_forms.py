"""The generic forms refuse what a column cannot hold with a message on the field (422), on
SQLite and PostgreSQL alike, never a database error: numbers beyond the column, text longer than
the column or than the default limit, NUL characters."""

from __future__ import annotations

import pytest
from ui_support import ui_app  # noqa: F401
from uitest_plugin import UitestTicket

from core.db import db
from core.fieldvalues import MAX_TEXT

NEW = "/r/uitest.ticket/new"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "3000000000", "Must be at most 2147483647."),
        ("amount", "-3000000000", "Must be at least -2147483647."),
        ("subject", "Printer\x00jammed", "Must not contain NUL characters."),
        ("contact", "a" * 250 + "@x.vn", "At most 254 characters."),
        ("details", "x" * (MAX_TEXT + 1), f"At most {MAX_TEXT} characters."),
        ("due", "1850-06-01", "Must be a date between 1900 and 9999."),
    ],
)
def test_a_value_no_column_can_hold_is_a_field_message(
    app, client, make_user, login, field, value, message
):
    login(client, make_user("agent@x.vn", roles=["uitest_agent"]))
    response = client.post(NEW, data={"subject": "Printer jammed", field: value})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(UitestTicket.id)).first() is None


def test_the_longest_text_allowed_is_saved(app, client, make_user, login):
    login(client, make_user("agent@x.vn", roles=["uitest_agent"]))
    response = client.post(NEW, data={"subject": "Long", "details": "x" * MAX_TEXT})
    assert response.status_code == 302
