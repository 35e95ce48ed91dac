"""The host's catalog: extraction works, Vietnamese is complete and shows on pages."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from ui_support import new_ticket, text_of, ui_app  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "core" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"


def _extract(tmp_path) -> Path:
    pot = tmp_path / "core.pot"
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
            "-k",
            "lazy_pgettext:1c,2",
            "-o",
            str(pot),
            "core",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return pot


def _translated(message) -> bool:
    if message is None or not message.string:
        return False
    return all(message.string) if isinstance(message.string, tuple) else True


def test_every_host_string_has_a_vietnamese_translation(tmp_path):
    with _extract(tmp_path).open("rb") as handle:
        wanted = {
            (m.id if isinstance(m.id, str) else m.id[0], m.context) for m in read_po(handle) if m.id
        }
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    missing = sorted(
        (key, context or "")
        for key, context in wanted
        if not _translated(catalog.get(key, context=context))
    )
    assert missing == []


def test_extraction_keeps_message_contexts(tmp_path):
    with _extract(tmp_path).open("rb") as handle:
        extracted = read_po(handle)
    event = extracted.get("Created", context="history event")
    assert event is not None and "core/ui/templates/records/view.html" in {
        path for path, _line in event.locations
    }
    assert extracted.get("Created") is not None  # the column label, without a context


def test_history_events_and_column_labels_translate_separately(app):
    from flask_babel import force_locale, gettext, pgettext

    with app.test_request_context(), force_locale("vi"):
        assert pgettext("history event", "Created") == "Đã tạo"
        assert gettext("Created") == "Ngày tạo"  # the test plugin's column label
        assert pgettext("history event", "Changed") == "Đã sửa"
        assert pgettext("history event", "State changed") == "Đã đổi trạng thái"
        assert pgettext("history event", "Added a note") == "Đã thêm ghi chú"


def test_extraction_finds_the_shell_templates_and_code(tmp_path):
    text = _extract(tmp_path).read_text()
    assert 'msgid "Sign in"' in text  # a template and a form label
    assert "core/ui/templates/base.html" in text
    assert "core/ui/profile.py" in text


def test_login_page_in_vietnamese(client):
    client.post("/language", data={"language": "vi"})
    page = text_of(client.get("/login").data)
    assert "Đăng nhập" in page
    assert "Mật khẩu" in page


def test_record_pages_in_vietnamese(app, client, make_user, login):
    ticket = new_ticket(app, urgent=True)
    login(client, make_user("an@x.vn", roles=["uitest_agent"], language="vi"))
    listing = text_of(client.get("/r/uitest.ticket/").data)
    assert "Sắp xếp theo" in listing and "Áp dụng" in listing
    record = text_of(client.get(f"/r/uitest.ticket/{ticket}").data)
    assert "Lịch sử" in record and "Thêm ghi chú" in record and "Có" in record


def test_error_pages_in_vietnamese(client, make_user, login):
    login(client, make_user("an@x.vn", roles=["employee"], language="vi"))
    assert "Không được phép" in text_of(client.get("/r/uitest.ticket/").data)
    assert "Không tìm thấy" in text_of(client.get("/r/nothing.here/").data)
