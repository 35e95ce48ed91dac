"""The SLA plugin speaks Vietnamese: every string of its code and templates has a translation,
placeholders survive translation, and its pages and panel read in Vietnamese."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core.db import db
from core.translations_build import compile_all
from plugins.sla.models import Calendar, Policy
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import move, new_request

ROOT = Path(__file__).parents[3]
CATALOG = Path(__file__).parents[1] / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalog():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="vi")


def _source_strings(tmp_path) -> set[str]:
    template = tmp_path / "sla.pot"
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
            "plugins/sla",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_every_string_of_the_plugin_has_a_vietnamese_translation(tmp_path):
    wanted = _source_strings(tmp_path)
    assert "Policy that applies now:" in wanted  # templates are extracted
    assert "Met: entered %(state)s" in wanted  # and code
    catalog = _catalog()
    missing = sorted(k for k in wanted if catalog.get(k) is None or not catalog.get(k).string)
    assert missing == []


def test_translations_keep_their_placeholders():
    """Each translation (each plural form: Vietnamese has one) keeps the text's placeholders."""
    broken = []
    for m in _catalog():
        if not m.id:
            continue
        text = m.id if isinstance(m.id, str) else m.id[-1]
        forms = [m.string] if isinstance(m.string, str) else list(m.string)
        wanted = sorted(PLACEHOLDER.findall(text))
        broken += [m.id for form in forms if sorted(PLACEHOLDER.findall(form)) != wanted]
    assert broken == []


def test_shared_texts_are_translated_as_the_other_catalogs_translate_them():
    """Catalogs are merged into one: a text the host or another plugin also translates must
    read the same, else one of them would change the other's pages."""
    ours = {m.id: m.string for m in _catalog() if m.id}
    others = [ROOT / "core" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"]
    others += [p for p in (ROOT / "plugins").glob("*/translations/vi/LC_MESSAGES/*.po")]
    clashes = []
    for path in others:
        if path == CATALOG:
            continue
        with path.open("rb") as handle:
            for m in read_po(handle):
                if m.id in ours and m.string and m.string != ours[m.id]:
                    clashes.append((path.parts[-5], m.id, m.string, ours[m.id]))
    assert clashes == []


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def vi_admin(sla_app, client, make_user, login):
    compile_all()
    login(client, make_user("quan-tri@example.vn", roles=["admin"], language="vi"))
    return client


def test_the_tracking_page_in_vietnamese(vi_admin):
    configure(desk_policy())
    page = _text(vi_admin.get("/sla/").get_data(as_text=True))
    for words in ("Theo dõi", "Chính sách", "Lịch làm việc", "Xem trước", "Nhập / xuất"):
        assert words in page
    assert "0 đang chạy" in page and "0 trễ hạn" in page and "0 tạm dừng" in page
    assert "Bật" in page and "Tắt theo dõi" in page
    for english in ("Switch on", "Switch off", "running", "Policies", "Import / export"):
        assert english not in page


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/sla/policies", ["Thứ tự xét", "Đang áp dụng", "Mục tiêu"]),
        ("/sla/policies/{policy}", ["Áp dụng khi", "Mọi bản ghi", "giữ lại thời gian đã dùng"]),
        ("/sla/calendars", ["Múi giờ", "Giờ làm việc", "Thứ Hai"]),
        ("/sla/calendars/{calendar}/edit", ["Ngày nghỉ của công ty", "Ngày làm việc thêm"]),
        ("/sla/calendars/{calendar}", ["Múi giờ", "Ngày lễ"]),
        ("/sla/preview?entity=desk.request", ["Loại bản ghi", "bản ghi mới nhất"]),
        ("/sla/config", ["Xuất", "Nhập", "Tải xuống sla-config.json"]),
    ],
)
def test_the_sla_pages_in_vietnamese(vi_admin, path, expected):
    configure(desk_policy())
    new_request()
    ids = {
        "policy": db.session.execute(db.select(Policy.id)).scalar_one(),
        "calendar": db.session.execute(
            db.select(Calendar.id).where(Calendar.name == "VN office")
        ).scalar_one(),
    }
    page = _text(vi_admin.get(path.format(**ids)).get_data(as_text=True))
    for words in expected:
        assert words in page


def test_the_preview_shows_clock_statuses_by_their_labels(vi_admin, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T10:30")
    move(request, "open")
    page = _text(vi_admin.get(f"/sla/preview?entity=desk.request&record_id={request.id}").text)
    assert "Chính sách đang áp dụng:" in page
    assert "Respond: đạt (trễ hạn)" in page
    assert "Resolve: đúng hạn" in page
    assert "met_late" not in page


def test_the_panel_in_vietnamese(vi_admin, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T09:30")
    page = _text(vi_admin.get(f"/r/desk.request/{request.id}").get_data(as_text=True))
    assert "Dòng thời gian SLA" in page
    assert "đã dùng 30 phút trên 1 giờ thời gian làm việc" in page
    assert "chính sách Desk standard v1" in page
    assert "Respond: sắp trễ, còn 30 phút" in page
