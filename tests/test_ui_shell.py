"""The shell around every page: menu, bell, user menu, error pages."""

import re
from pathlib import Path

from ui_support import new_ticket, text_of, ui_app  # noqa: F401

from core.db import db
from core.models import Notification


def _nav(html: bytes) -> str:
    page = html.decode()
    return page[page.index("<nav") : page.index("</nav>")]


def test_menu_shows_entity_lists_under_the_plugin_label(client, make_user, login):
    login(client, make_user("agent@x.vn", roles=["uitest_agent"]))
    nav = _nav(client.get("/").data)
    assert "Help desk" in nav
    assert 'href="/r/uitest.ticket/"' in nav
    assert 'href="/r/uitest.customer/"' in nav


def test_menu_hides_items_the_viewer_lacks_the_permission_for(client, make_user, login):
    login(client, make_user("reader@x.vn", roles=["uitest_reader"]))
    nav = _nav(client.get("/").data)
    assert 'href="/r/uitest.ticket/"' in nav
    assert "Closing report" not in nav


def test_menu_shows_permitted_plugin_items(client, make_user, login):
    login(client, make_user("lead@x.vn", roles=["uitest_lead"]))
    nav = _nav(client.get("/").data)
    assert 'href="/x-report"' in nav
    assert nav.index("Closing report") > nav.index("Help desk")


def test_menu_without_permissions_has_only_open_items(client, make_user, login):
    login(client, make_user("plain@x.vn", roles=["employee"]))
    nav = _nav(client.get("/").data)
    assert "Help desk" not in nav
    assert "/r/uitest." not in nav
    assert 'href="/x-team"' in nav


def test_menu_marks_the_current_page_active(client, make_user, login):
    login(client, make_user("agent@x.vn", roles=["uitest_agent"]))
    nav = _nav(client.get("/r/uitest.ticket/").data)
    assert 'class="dropdown-item active" href="/r/uitest.ticket/"' in nav


def test_bell_counts_only_the_viewers_unread_notifications(app, client, make_user, login):
    me = make_user("me@x.vn")
    other = make_user("other@x.vn")
    with app.app_context():
        db.session.add_all(
            [
                Notification(user_id=me, subject="one"),
                Notification(user_id=me, subject="two"),
                Notification(user_id=me, subject="read", read_at=db.func.now()),
                Notification(user_id=other, subject="not mine"),
            ]
        )
        db.session.commit()
    login(client, me)
    nav = _nav(client.get("/").data)
    assert 'data-unread="2"' in nav
    assert 'href="/notifications"' in nav


def test_bell_shows_no_count_when_everything_is_read(client, make_user, login):
    login(client, make_user("me@x.vn"))
    assert "data-unread" not in _nav(client.get("/").data)


def test_user_menu_offers_profile_and_sign_out_by_post(client, make_user, login):
    login(client, make_user("me@x.vn", name="Trần Thị Bích"))
    nav = _nav(client.get("/").data)
    assert "Trần Thị Bích" in nav
    assert 'href="/profile"' in nav
    assert 'method="post" action="/logout"' in nav


def test_sign_out_ends_the_session(client, make_user, login):
    login(client, make_user("me@x.vn"))
    assert client.post("/logout").status_code == 302
    assert client.get("/").headers["Location"].startswith("/login")


def test_pages_load_bootstrap_and_icons_from_this_server(client, make_user, login):
    login(client, make_user("me@x.vn"))
    page = client.get("/").data.decode()
    assert "/bootstrap/static/css/bootstrap.min.css" in page
    assert "bootstrap-icons.min.css" in page
    # every stylesheet and script is served here (a random CSRF token may hold "cdn": the
    # addresses are checked, not the page's text)
    addresses = re.findall(r'(?:href|src)="([^"]*)"', page)
    assert addresses and not [a for a in addresses if "//" in a or "cdn" in a.lower()]
    assert client.get("/ui-static/nhip.css").status_code == 200


def test_dashboard_shows_plugin_widgets(app, client, make_user, login):
    new_ticket(app)
    login(client, make_user("agent@x.vn", roles=["uitest_agent"]))
    page = text_of(client.get("/").data)
    assert "Open tickets" in page


def test_dashboard_has_a_friendly_empty_state(client, make_user, login):
    login(client, make_user("plain@x.vn", roles=["employee"]))
    assert "Nothing needs your attention right now." in text_of(client.get("/").data)


def test_missing_permission_answers_a_403_page(client, make_user, login):
    login(client, make_user("plain@x.vn", roles=["employee"]))
    response = client.get("/r/uitest.ticket/")
    assert response.status_code == 403
    assert "Not allowed" in text_of(response.data)


def test_unknown_entity_type_answers_a_404_page(client, make_user, login):
    login(client, make_user("boss@x.vn", roles=["admin"]))
    response = client.get("/r/nothing.here/")
    assert response.status_code == 404
    assert "Not found" in text_of(response.data)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/r/uitest.ticket/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_plugin_sections_come_before_other_sections(client, make_user, login):
    login(client, make_user("agent@x.vn", roles=["uitest_agent"]))
    nav = _nav(client.get("/").data)
    assert nav.index(">Help desk<") < nav.index(">Team<")


def _sections(html: bytes) -> list[str]:
    return re.findall(r'data-bs-toggle="dropdown" aria-expanded="false">([^<]+)</a>', _nav(html))


def test_plugin_sections_come_first_in_vietnamese_too(client, make_user, login):
    login(client, make_user("boss@x.vn", roles=["admin"]))
    assert _sections(client.get("/").data) == ["Help desk", "Settings", "Team"]
    login(client, make_user("sep@x.vn", roles=["admin"], language="vi"))
    # by name "Cài đặt" would lead; the plugin's section, translated by its catalog, does
    assert _sections(client.get("/").data) == ["Hỗ trợ", "Cài đặt", "Nhóm"]


SHELL_PAGES = ("/", "/r/uitest.ticket/", "/r/uitest.ticket/{t}", "/r/uitest.ticket/new")
SHELL_PAGES += ("/r/uitest.ticket/{t}/edit", "/profile", "/notifications", "/nothing-here")


def test_every_icon_on_the_shell_pages_is_hidden_from_screen_readers(app, client, make_user, login):
    ticket = new_ticket(app, priority="high")
    assert 'aria-hidden="true"' in client.get("/login").data.decode()
    login(client, make_user("boss@x.vn", roles=["admin"]))
    for url in SHELL_PAGES:
        page = client.get(url.format(t=ticket)).data.decode()
        icons = re.findall(r"<i\b[^>]*>", page)
        assert icons, url
        assert [tag for tag in icons if 'aria-hidden="true"' not in tag] == [], url


def test_shell_templates_mark_every_icon_decorative():
    folder = Path(__file__).resolve().parent.parent / "core" / "ui" / "templates"
    bare = [
        f"{path.relative_to(folder)}: {tag}"
        for path in sorted(folder.rglob("*.html"))
        for tag in re.findall(r"<i\b[^>]*>", path.read_text())
        if 'aria-hidden="true"' not in tag
    ]
    assert bare == []
