"""Aria labels, hover titles and placeholders of the core pages are in the viewer's language:
in Vietnamese, none is an English text that the catalogs translate, and none is left in
English outside them (the breadcrumb trail's label was)."""

# ruff: noqa: F811  (the tests take the HR organisation fixture imported below)

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from core.translations_build import compile_all
from plugins.hr.tests.conftest import MONDAY, file_leave, org  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
ATTRIBUTES = re.compile(r'(?:aria-label|title|placeholder)="([^"{}]+)"')


def _english_texts() -> set[str]:
    """Every English text a Vietnamese catalog of the project translates differently."""
    texts = set()
    for po in ROOT.glob("*/**/translations/vi/LC_MESSAGES/messages.po"):
        with po.open("rb") as handle:
            for message in read_po(handle):
                if isinstance(message.id, str) and message.id and message.string != message.id:
                    texts.add(message.id)
    return texts


def test_core_pages_label_their_parts_in_vietnamese(app, client, make_user, login, org):
    compile_all()
    leave = file_leave(app, org, "staff", MONDAY)
    login(client, make_user("admin@example.com", roles=["admin"], language="vi"))
    english = _english_texts()
    pages = [
        "/",
        "/r/hr.leave_request/",
        f"/r/hr.leave_request/{leave}",
        f"/r/hr.leave_request/{leave}/edit",
        "/notifications",
        "/profile",
        "/admin/plugins",
        "/admin/users",
    ]
    labels = set()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        labels |= set(ATTRIBUTES.findall(response.get_data(as_text=True)))
    assert "Đường dẫn trang" in labels
    assert "breadcrumb" not in labels
    assert not labels & english, labels & english
