"""The orders plugin speaks Vietnamese: its catalog is complete and current, pages use it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core import records
from core.errors import BusinessRuleError
from core.translations_build import compile_all
from plugins.orders.entities import orders_entities
from plugins.orders.tests.support import SALES, new_order, sales_order_in

ROOT = Path(__file__).parents[3]
CATALOG = Path(__file__).parents[1] / "translations" / "vi" / "LC_MESSAGES" / "messages.po"


def catalog():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="vi")


def test_every_catalog_entry_is_translated():
    assert [m.id for m in catalog() if m.id and not m.string] == []


def test_the_catalog_holds_every_string_of_the_source(tmp_path):
    template = tmp_path / "orders.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "lazy_gettext",
            "-k",
            "_l",
            "-o",
            str(template),
            "plugins/orders",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as handle:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog() if m.id}
    assert wanted - known == set()


def test_every_entity_label_is_in_the_catalog():
    texts = set()
    for entity in orders_entities():
        texts |= {entity.label._args[0], entity.label_plural._args[0]}
        for field in [*entity.fields, *(f for c in entity.children for f in c.fields)]:
            texts.add(field.label._args[0])
            texts |= {c.label._args[0] for c in field.choices}
        texts |= {s.label._args[0] for s in entity.states}
        texts |= {t.label._args[0] for t in entity.transitions}
    assert texts - {m.id for m in catalog()} == set()


def test_the_shortage_message_in_vietnamese(app, shop):
    compile_all()
    with app.test_request_context(headers={"Accept-Language": "vi"}):
        order = new_order(shop, [{"product_id": shop.sauce, "quantity": 10}])
        with pytest.raises(BusinessRuleError) as refused:
            records.transition(SALES, order, "confirmed", actor_id=shop.seller)
    assert refused.value.message == ("Không đủ hàng trong kho: Nước mắm Phú Quốc (cần 10, còn 4)")


def test_the_warehouse_queue_in_vietnamese(app, client, login, make_user, shop):
    compile_all()
    viewer = make_user("thu@example.vn", ["employee", "warehouse"], language="vi")
    with app.app_context():
        sales_order_in(shop, "confirmed")
    login(client, viewer)
    html = client.get("/orders/warehouse").get_data(as_text=True)
    assert "Hàng chờ kho" in html
    assert "Bắt đầu soạn hàng" in html
    assert "Đã xác nhận" in html
