"""The administration pages appear in the main menu for administrators only."""

from __future__ import annotations

from core.admin.menu import register_menu


def test_the_menu_items_point_at_the_admin_pages_and_need_core_admin(app):
    with app.test_request_context():
        items = register_menu()
    assert {item.endpoint for item in items} == {"admin.plugins", "admin.users", "admin.jobs"}
    assert {item.permission for item in items} == {"core.admin"}
    assert {str(item.section) for item in items} == {"Settings"}


def test_administrators_see_the_links(client, make_user, login):
    login(client, make_user("admin@example.com", roles=["admin", "employee"]))
    html = client.get("/").get_data(as_text=True)
    assert 'href="/admin/plugins"' in html
    assert 'href="/admin/users"' in html
    assert 'href="/admin/jobs"' in html


def test_other_users_do_not(client, make_user, login):
    login(client, make_user("lan@example.com", roles=["employee"]))
    html = client.get("/").get_data(as_text=True)
    assert "/admin/plugins" not in html
    assert "/admin/users" not in html
    assert "/admin/jobs" not in html
