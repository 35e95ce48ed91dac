"""Every page of the shell declares who may open it, and anonymous visitors are sent to sign
in (only the login page and the language switch are public)."""

from ui_support import ui_app  # noqa: F401

from core.auth.access import access_of

PUBLIC = {"ui.login", "ui.language"}
ARGS = {"entity_key": "uitest.ticket", "record_id": 1, "notification_id": 1, "token_id": 1}


def _ui_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("ui.")]


def test_every_shell_view_declares_its_access(app):
    for rule in _ui_rules(app):
        if rule.endpoint == "ui.static":
            continue
        marker = access_of(app.view_functions[rule.endpoint])
        assert marker is not None, rule.endpoint
        assert (marker[0] == "public") == (rule.endpoint in PUBLIC), rule.endpoint


def test_anonymous_visitors_are_sent_to_sign_in_from_every_private_page(app, client):
    for rule in _ui_rules(app):
        if rule.endpoint in PUBLIC or rule.endpoint == "ui.static":
            continue
        path = rule.build({k: v for k, v in ARGS.items() if k in rule.arguments})[1]
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(path, method=method)
        assert response.status_code == 302, (rule.endpoint, response.status_code)
        assert response.headers["Location"].startswith("/login"), rule.endpoint


def test_record_pages_refuse_users_without_the_entity_permission(app, client, make_user, login):
    login(client, make_user("plain@x.vn", roles=["employee"]))
    for rule in _ui_rules(app):
        if "entity_key" not in rule.arguments:
            continue
        path = rule.build({k: v for k, v in ARGS.items() if k in rule.arguments})[1]
        method = "GET" if "GET" in rule.methods else "POST"
        assert client.open(path, method=method).status_code == 403, rule.endpoint
