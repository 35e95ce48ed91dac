"""The CRM speaks Vietnamese: its catalog is complete and its pages use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core import records
from core.errors import ValidationError
from core.translations_build import compile_all
from plugins.crm.entities import crm_entities

CATALOG = Path(__file__).parents[1] / "translations" / "vi" / "LC_MESSAGES" / "messages.po"


def _catalog():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="vi")


def _labels() -> set[str]:
    texts = set()
    for entity in crm_entities():
        texts |= {entity.label._args[0], entity.label_plural._args[0]}
        for field in entity.fields:
            texts.add(field.label._args[0])
            texts |= {c.label._args[0] for c in field.choices}
        texts |= {s.label._args[0] for s in entity.states}
        texts |= {t.label._args[0] for t in entity.transitions}
    return texts


def test_every_catalog_entry_is_translated():
    untranslated = [m.id for m in _catalog() if m.id and not m.string]
    assert untranslated == []


def test_every_entity_label_is_in_the_catalog():
    known = {m.id for m in _catalog()}
    assert _labels() - known == set()


def test_customer_page_in_vietnamese(app, client, login, make_user, new_customer, new_ticket):
    compile_all()
    viewer = make_user("ha@example.vn", ["employee", "sales"], language="vi")
    customer_id = new_customer(tier="vip")
    new_ticket(customer_id)
    login(client, viewer)
    html = client.get(f"/r/crm.customer/{customer_id}").get_data(as_text=True)
    assert "Yêu cầu hỗ trợ gần đây" in html
    assert "1 yêu cầu đang mở" in html


def test_validation_messages_in_vietnamese(app, seller):
    compile_all()
    with app.test_request_context(headers={"Accept-Language": "vi"}):
        with pytest.raises(ValidationError) as caught:
            records.create("crm.customer", {"name": "X", "tax_code": "123"}, seller)
        assert "Mã số thuế" in caught.value.fields["tax_code"]
