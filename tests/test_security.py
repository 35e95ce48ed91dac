"""Every route of the application, plugins' and the third-party example's included, declares
who may use it, and the host enforces it: anonymous visitors are sent to the login page (pages)
or get 401 (API), a signed-in user without the permission gets 403 before anything else
happens, and an administrator gets through. Written over ``app.url_map``, so new routes are
covered as they appear; a new public route must be added to ``PUBLIC`` on purpose.

Also: the session cookie's flags, and CSRF on forms but not on token-authenticated API calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.routing.converters import AnyConverter

from core.auth.access import access_of
from core.db import db
from core.models import ApiToken, User
from core.setup import init_instance
from core.testing import login_as, make_app, wipe

EXAMPLE = Path(__file__).parent.parent / "examples" / "nhip-fieldservice" / "src"

#: the only endpoints anyone may use without signing in
PUBLIC = {"ui.login", "ui.language", "health.health", "api.openapi"}
#: endpoints whose answer to a signed-in user is, rightly, the login page
SIGN_OUT = {"ui.logout"}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


@dataclass(frozen=True)
class Call:
    """One request to make: a rule, a method and a URL built with sample arguments."""

    endpoint: str
    method: str
    url: str
    kind: str  # public | login | permission

    @property
    def api(self) -> bool:
        return self.url.startswith("/api/")

    def __str__(self) -> str:
        return f"{self.method} {self.url} ({self.endpoint})"


def is_static(endpoint: str) -> bool:
    """Static files (the app's and blueprints' ``static`` folders) are public by design."""
    return endpoint == "static" or endpoint.endswith(".static")


def calls(app, every_entity: bool = True) -> list[Call]:
    """A request per rule, method and (for entity routes) registered entity key."""
    keys = [entity.key for entity in app.extensions["nhip"].entities]
    out = []
    for rule in app.url_map.iter_rules():
        if is_static(rule.endpoint):
            continue
        kind = access_of(app.view_functions[rule.endpoint])[0]
        converters = {name: conv or "default" for conv, name in ARGUMENT.findall(rule.rule)}
        entity_args = [n for n, c in converters.items() if _is_entity(n, c)]
        for key in (keys if every_entity else keys[-1:]) if entity_args else [None]:
            values = {name: _sample(name, conv, key) for name, conv in converters.items()}
            for name, converter in rule._converters.items():
                if isinstance(converter, AnyConverter):  # <any(a, b):name>: the first choice
                    values[name] = sorted(converter.items)[0]
            url = rule.build(values)[1]
            for method in sorted(set(METHODS) & rule.methods):
                out.append(Call(rule.endpoint, method, url, kind))
    return out


def _is_entity(name: str, converter: str) -> bool:
    return converter == "entity_key" or name in ("entity_key", "entity")


def _sample(name: str, converter: str, key: str | None):
    if _is_entity(name, converter):
        return key
    return 1 if converter == "int" else "x"


@pytest.fixture(scope="module")
def _secured_apps():
    apps = {}
    yield apps
    for app in apps.values():
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def secured_app(backend, request, _secured_apps, tmp_path_factory):
    """Every bundled plugin and the third-party example, enabled."""
    if backend not in _secured_apps:
        folder = tmp_path_factory.mktemp(f"security-{backend}")
        url = request.getfixturevalue("fresh_database_url")
        app = make_app(folder / "instance", url, plugins_dir=EXAMPLE)
        init_instance(app)
        _secured_apps[backend] = app
    app = _secured_apps[backend]
    wipe(app)
    return app


def person(app, email: str, roles: list[str]) -> int:
    with app.app_context():
        user = User(email=email, name=email.split("@")[0].title())
        user.set_roles(roles)
        db.session.add(user)
        db.session.commit()
        return user.id


def send(client, call: Call):
    return client.open(call.url, method=call.method)


def test_the_walk_covers_plugins_and_the_third_party_example(secured_app):
    endpoints = {call.endpoint for call in calls(secured_app)}
    assert {"ui.record_list", "api.list_entity", "crm.my_tickets", "fieldservice.my_route"} <= (
        endpoints
    )
    urls = {call.url for call in calls(secured_app)}
    assert "/r/fieldservice.visit/" in urls and "/api/v1/fieldservice.visit" in urls


def test_every_view_declares_who_may_use_it(secured_app):
    unmarked = [
        rule.endpoint
        for rule in secured_app.url_map.iter_rules()
        if not is_static(rule.endpoint)
        and access_of(secured_app.view_functions[rule.endpoint]) is None
    ]
    assert unmarked == []


def test_public_routes_are_exactly_the_listed_ones(secured_app):
    public = {call.endpoint for call in calls(secured_app) if call.kind == "public"}
    assert public == PUBLIC


def test_anonymous_visitors_are_sent_to_login_or_get_401(secured_app):
    client = secured_app.test_client()
    wrong = []
    for call in calls(secured_app):
        if call.kind == "public":
            continue
        response = send(client, call)
        if call.api:
            ok = response.status_code == 401 and response.is_json
        else:
            ok = response.status_code == 302 and response.location.startswith("/login")
        if not ok:
            wrong.append(f"{call} -> {response.status_code} {response.location or ''}")
    assert wrong == []


def test_a_user_without_roles_gets_403_on_every_permission_route(secured_app):
    nobody = person(secured_app, "nobody@example.com", [])
    wrong = []
    for call in calls(secured_app):
        client = secured_app.test_client()  # a fresh session: some calls sign out
        login_as(client, nobody)
        response = send(client, call)
        if call.kind == "permission" and response.status_code != 403:
            wrong.append(f"{call} -> {response.status_code}")
        elif call.kind == "login" and response.status_code in (401, 403):
            wrong.append(f"{call} -> {response.status_code} (needs no permission)")
        if call.api and response.status_code == 403 and not response.is_json:
            wrong.append(f"{call} -> 403 page instead of JSON")
    assert wrong == []


def test_an_administrator_gets_through_every_route(secured_app):
    admin = person(secured_app, "root@example.com", ["admin"])
    wrong = []
    for call in calls(secured_app, every_entity=False):
        if call.kind == "public" or call.endpoint in SIGN_OUT:
            continue
        client = secured_app.test_client()  # a fresh session: some calls sign out
        login_as(client, admin)
        response = send(client, call)
        location = response.location or ""
        if response.status_code in (401, 403) or location.startswith("/login"):
            wrong.append(f"{call} -> {response.status_code} {location}")
        elif response.status_code >= 500:
            wrong.append(f"{call} -> {response.status_code} (server error)")
    assert wrong == []


# -- cookies and CSRF ------------------------------------------------------------------------


def test_the_session_cookie_is_httponly_and_samesite_lax(secured_app):
    with secured_app.app_context():
        user = db.session.get(User, person(secured_app, "cookie@example.com", ["employee"]))
        user.set_password("correct horse battery")
        db.session.commit()
    response = secured_app.test_client().post(
        "/login", data={"email": "cookie@example.com", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    cookies = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert cookies, "signing in sets the session cookie"
    flags = {part.strip().lower() for part in cookies[0].split(";")}
    assert "httponly" in flags and "samesite=lax" in flags


@pytest.fixture
def csrf_app(tmp_path, fresh_database_url, request):
    """A plain instance with CSRF protection on (the test settings turn it off)."""
    app = make_app(tmp_path / "instance", fresh_database_url, WTF_CSRF_ENABLED=True)
    init_instance(app)

    def dispose():
        with app.app_context():
            db.session.remove()
            db.engine.dispose()

    request.addfinalizer(dispose)
    return app


def test_a_form_posted_without_its_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    assert (
        client.post("/login", data={"email": "a@example.com", "password": "x"}).status_code == 400
    )
    login_as(client, person(csrf_app, "form@example.com", ["employee"]))
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200, "still signed in: the logout was refused"


def test_the_api_with_a_bearer_token_needs_no_csrf_token(csrf_app):
    uid = person(csrf_app, "script@example.com", ["employee"])
    with csrf_app.app_context():
        row, token = ApiToken.issue(db.session.get(User, uid), "script")
        db.session.add(row)
        db.session.commit()
    client = csrf_app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post("/api/v1/notifications/read", headers=headers, json={})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert client.post("/api/v1/notifications/read", json={}).status_code == 401
