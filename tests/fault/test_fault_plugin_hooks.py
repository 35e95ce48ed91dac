"""A plugin hook that raises inside a record's transaction (``entity_created``,
``entity_updated``, ``entity_transitioned``): the change is refused, naming the plugin, and
nothing of it is written (the record, its audit line, its SLA clocks), on SQLite and
PostgreSQL. The API answers 500 with a JSON error naming the plugin and the hook; a page
answers the error page (500) saying which plugin failed. Once the plugin behaves, the same
request works.

Render-time hooks that raise (badges, panels, widgets, menu items, list filters) leave the
page standing with a marked placeholder: ``tests/test_render_hook_failures.py``.
"""

from __future__ import annotations

import logging

from fault_support import SALES, clocks_of, everything, new_order, open_shop, state_of

from core.db import db
from core.models import User
from core.testing import login_as

REFUSED = "The change was not saved: plugin faultline failed while it was being made."


def _api(client, method, path, shop, **kwargs):
    headers = {"Authorization": f"Bearer {shop.token}"}
    return client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)


def _refused_by_faultline(answer, hook: str) -> None:
    assert answer.status_code == 500, answer.text
    assert answer.json["plugin"] == "faultline"
    assert answer.json["hook"] == hook
    assert answer.json["error"].startswith(REFUSED)


def test_a_failing_transition_hook_refuses_the_move_by_api_and_writes_nothing(
    app, client, faults, caplog
):
    shop = open_shop(app)
    order = new_order(app, shop)
    before = everything(app)
    (faults / "raise-entity_transitioned").touch()
    with caplog.at_level(logging.ERROR):
        answer = _api(
            client, "POST", f"/{SALES}/{order}/transition", shop, json={"to": "confirmed"}
        )
    _refused_by_faultline(answer, "entity_transitioned")
    assert "plugin faultline failed in entity_transitioned" in caplog.text
    assert "faultline entity_transitioned exploded on purpose" in caplog.text  # the traceback
    assert everything(app) == before
    assert (state_of(app, order), clocks_of(app, order)) == ("draft", {"Confirm": "running"})

    (faults / "raise-entity_transitioned").unlink()
    again = _api(client, "POST", f"/{SALES}/{order}/transition", shop, json={"to": "confirmed"})
    assert again.status_code == 200, again.text
    assert clocks_of(app, order) == {"Confirm": "met", "Ship": "running"}


def test_a_failing_transition_hook_refuses_the_move_from_the_page(app, client, faults):
    shop = open_shop(app)
    order = new_order(app, shop)
    before = everything(app)
    (faults / "raise-entity_transitioned").touch()
    login_as(client, shop.seller)
    page = client.post(f"/r/{SALES}/{order}/transition", data={"to": "confirmed", "from": "draft"})
    assert page.status_code == 500
    assert "text/html" in page.content_type
    assert REFUSED in page.text
    assert everything(app) == before

    (faults / "raise-entity_transitioned").unlink()
    moved = client.post(f"/r/{SALES}/{order}/transition", data={"to": "confirmed", "from": "draft"})
    assert moved.status_code == 302
    assert state_of(app, order) == "confirmed"


def test_a_failing_creation_hook_refuses_the_new_record(app, client, faults):
    shop = open_shop(app)
    before = everything(app)
    (faults / "raise-entity_created").touch()
    answer = _api(client, "POST", f"/{SALES}", shop, json=shop.order_body())
    _refused_by_faultline(answer, "entity_created")
    assert everything(app) == before  # no order, no line, no audit line, no clock

    (faults / "raise-entity_created").unlink()
    made = _api(client, "POST", f"/{SALES}", shop, json=shop.order_body())
    assert made.status_code == 201, made.text
    assert clocks_of(app, made.json["id"]) == {"Confirm": "running"}


def test_a_failing_update_hook_refuses_the_edit(app, client, faults):
    shop = open_shop(app)
    order = new_order(app, shop)
    before = everything(app)
    (faults / "raise-entity_updated").touch()
    answer = _api(client, "PATCH", f"/{SALES}/{order}", shop, json={"priority": "express"})
    _refused_by_faultline(answer, "entity_updated")
    assert everything(app) == before  # the priority, and no audit line (the version)

    (faults / "raise-entity_updated").unlink()
    edited = _api(client, "PATCH", f"/{SALES}/{order}", shop, json={"priority": "express"})
    assert (edited.status_code, edited.json["priority"]) == (200, "express")


def test_the_refusal_is_said_in_the_viewers_language(app, client, faults):
    shop = open_shop(app)
    order = new_order(app, shop)
    with app.app_context():
        db.session.get(User, shop.seller).language = "vi"
        db.session.commit()
        db.session.remove()
    (faults / "raise-entity_transitioned").touch()
    login_as(client, shop.seller)
    page = client.post(f"/r/{SALES}/{order}/transition", data={"to": "confirmed", "from": "draft"})
    assert page.status_code == 500
    assert "Thay đổi chưa được lưu: plugin faultline gặp lỗi trong lúc thực hiện." in page.text
    assert state_of(app, order) == "draft"
