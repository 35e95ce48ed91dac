"""Every answer carries the security headers (a Content-Security-Policy without inline script,
no framing, nosniff, a Referrer-Policy); no template has an inline script or an on* attribute;
cookies are Secure when NHIP_SECURE_COOKIES says so; the server names no version."""

from __future__ import annotations

import re
import subprocess
import urllib.request
from pathlib import Path

import pytest
from test_security import calls

from core.db import db
from core.headers import CONTENT_SECURITY_POLICY
from core.setup import init_instance
from core.testing import login_as, make_app
from core.testing_server import NHIP, running_server, server_env

ROOT = Path(__file__).parent.parent
TEMPLATE_FOLDERS = [
    ROOT / "core",
    ROOT / "plugins",
    ROOT / "examples",
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def assert_security_headers(response, where: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp, where
    script = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, where
    assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") == "same-origin", where


def test_the_policy_allows_scripts_from_this_site_only():
    directives = dict(
        part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";") if part
    )
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"


def test_every_page_and_api_answer_carries_the_headers(app, make_user):
    admin = make_user("root@example.com", roles=["admin"])
    client = app.test_client()
    login_as(client, admin)
    checked = 0
    for call in calls(app, every_entity=False):
        if call.method != "GET":
            continue
        response = client.get(call.url)
        assert_security_headers(response, str(call))
        checked += 1
    assert checked > 30


def test_errors_redirects_static_files_and_anonymous_answers_carry_the_headers(app):
    client = app.test_client()
    for url in ("/login", "/", "/no-such-page", "/api/v1/notifications", "/ui-static/nhip.css"):
        assert_security_headers(client.get(url), url)
    assert_security_headers(client.post("/login", data={"email": "x", "password": "y"}), "POST")


def test_the_rendered_pages_have_no_inline_script(app, make_user):
    admin = make_user("root@example.com", roles=["admin"])
    client = app.test_client()
    login_as(client, admin)
    wrong = []
    for call in calls(app, every_entity=False):
        if call.method != "GET" or call.api:
            continue
        response = client.get(call.url)
        if not response.content_type.startswith("text/html"):
            continue
        html = response.get_data(as_text=True)
        for pattern in (INLINE_SCRIPT, EVENT_ATTRIBUTE, JAVASCRIPT_URL):
            found = pattern.search(html)
            if found:
                wrong.append(f"{call}: {found.group(0)[:80]}")
    assert wrong == []


def test_no_template_has_an_inline_script_or_an_event_attribute():
    wrong = []
    for folder in TEMPLATE_FOLDERS:
        for path in folder.rglob("*.html"):
            if ".venv" in path.parts or "node_modules" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for pattern in (INLINE_SCRIPT, EVENT_ATTRIBUTE, JAVASCRIPT_URL):
                for found in pattern.finditer(text):
                    wrong.append(f"{path.relative_to(ROOT)}: {found.group(0)[:80]}")
    assert wrong == []


# -- cookies ---------------------------------------------------------------------------------


def _signed_in_cookies(app) -> list[str]:
    from core.models import User

    with app.app_context():
        user = User(email="lan@example.com", name="Lan")
        user.set_password("ferry-lantern-42")
        user.set_roles(["employee"])
        db.session.add(user)
        db.session.commit()
    response = app.test_client().post(
        "/login",
        data={"email": "lan@example.com", "password": "ferry-lantern-42", "remember": "y"},
    )
    assert response.status_code == 302
    return response.headers.getlist("Set-Cookie")


@pytest.mark.parametrize("secure", [True, False])
def test_cookies_are_secure_when_the_setting_says_so(tmp_path, fresh_database_url, secure):
    app = make_app(
        tmp_path / "instance",
        fresh_database_url,
        **{"SESSION_COOKIE_SECURE": secure, "REMEMBER_COOKIE_SECURE": secure},
    )
    init_instance(app)
    try:
        cookies = _signed_in_cookies(app)
        names = {c.split("=", 1)[0] for c in cookies}
        assert {"session", "remember_token"} <= names
        for cookie in cookies:
            flags = {part.strip().lower() for part in cookie.split(";")}
            assert ("secure" in flags) is secure, cookie
            assert "httponly" in flags and "samesite=lax" in flags
        hsts = app.test_client().get("/login").headers.get("Strict-Transport-Security")
        assert bool(hsts) is app.config["NHIP"].secure_cookies
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_nhip_secure_cookies_turns_the_cookie_flags_and_hsts_on(tmp_path):
    from core.app import create_app
    from core.config import load_settings

    settings = load_settings(
        environ={"NHIP_SECURE_COOKIES": "true"},
        instance=str(tmp_path / "instance"),
        secret_key="test-secret-key-0123456789",
    )
    app = create_app(settings, TESTING=True)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["PREFERRED_URL_SCHEME"] == "https"
    response = app.test_client().get("/health")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    with app.app_context():
        db.engine.dispose()


# -- the real server -------------------------------------------------------------------------


def test_the_real_server_names_no_version(tmp_path, fresh_database_url):
    instance = tmp_path / "instance"
    env = server_env(instance, database_url=fresh_database_url)
    init = subprocess.run([str(NHIP), "init"], env=env, capture_output=True, text=True, timeout=120)
    assert init.returncode == 0, init.stderr
    with running_server(env, tmp_path / "server.log") as base:
        with urllib.request.urlopen(f"{base}/login", timeout=10) as response:  # noqa: S310
            server = response.headers.get_all("Server") or []
            assert_security_headers(response, "/login over HTTP")
    assert server and not any(re.search(r"\d", value) for value in server), server
    assert not any("werkzeug" in value.lower() or "python" in value.lower() for value in server)
