"""``next`` parameters lead only to a path of this site, whatever encoding, whitespace,
backslashes or slashes a browser would read as another host: such a value falls back to home,
and one holding control or invisible characters is refused with 400."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from core.ui.links import UnsafeTarget, local_target, next_target

PASSWORD = "ferry-lantern-42"

#: raw query-string values (already percent-encoded as they travel in the URL) of another host
OFF_SITE = [
    "https://evil.example/",
    "http:evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "data:text/html,x",
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "%2F%2Fevil.example",
    "%2f%2fevil.example",
    "/%2F%2Fevil.example",
    "/%2fevil.example",
    "%252F%252Fevil.example",
    "/%252F%252Fevil.example",
    "%5C%5Cevil.example",
    "/%5Cevil.example",
    "/%255Cevil.example",
    "%20//evil.example",
    "/%C2%A0/evil.example",
    "evil.example",
    "@evil.example",
    "%2F%5Cevil.example",
    "/%2509/evil.example",
    "/%250D%250A/evil.example",
]
#: raw query-string values that read as control or invisible characters (C0, DEL, C1, line
#: separator, zero-width and bidi marks), towards another host or not
CONTROL = [
    "%09//evil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0D%0A/evil.example",
    "/%00/evil.example",
    "%00//evil.example",
    "/%7F/evil.example",
    "/%C2%85/evil.example",
    "/%C2%9B/evil.example",
    "/%E2%80%A8/evil.example",
    "/%E2%80%8B/evil.example",
    "/%E2%80%AE/evil.example",
    "/%E2%81%A6/evil.example",
    "/x%0D%0ASet-Cookie:%20a=b",
    "/notifications%0A",
    "/profile%E2%80%8F",
]
HOSTILE = OFF_SITE + CONTROL
REFUSED = "holds control or invisible characters"
#: local paths that must be kept as they are
LOCAL = ["/notifications", "/r/crm.ticket/?q=a%20b&page=2", "/profile#tokens", "/admin/users"]


def decoded(raw: str) -> str:
    """What the application reads from ``?next=<raw>`` (one level of URL decoding)."""
    from urllib.parse import unquote

    return unquote(raw)


@pytest.mark.parametrize("raw", HOSTILE)
def test_local_target_refuses_every_way_to_another_host(raw):
    assert local_target(decoded(raw), "/home") == "/home"


@pytest.mark.parametrize("path", LOCAL)
def test_local_target_keeps_paths_of_this_site(path):
    assert local_target(path, "/home") == path


@pytest.mark.parametrize("raw", CONTROL)
def test_next_target_refuses_control_and_invisible_characters(raw):
    with pytest.raises(UnsafeTarget) as refused:
        next_target(decoded(raw), "/home")
    assert refused.value.status == 400


@pytest.mark.parametrize("raw", OFF_SITE)
def test_next_target_falls_back_to_home_for_another_host(raw):
    assert next_target(decoded(raw), "/home") == "/home"


@pytest.mark.parametrize("path", LOCAL)
def test_next_target_keeps_paths_of_this_site(path):
    assert next_target(path, "/home") == path


@pytest.fixture
def lan(make_user):
    return make_user("lan@example.com", password=PASSWORD)


def test_sign_in_falls_back_to_home_for_every_off_site_next(app, client, lan):
    wrong = []
    for raw in OFF_SITE:
        response = client.post(
            f"/login?next={raw}", data={"email": "lan@example.com", "password": PASSWORD}
        )
        if response.status_code != 302 or response.headers["Location"] != "/":
            wrong.append(f"{raw!r} -> {response.status_code} {response.headers.get('Location')}")
        client.post("/logout")
    assert wrong == []


def test_sign_in_with_control_characters_in_next_is_refused_unsigned(app, client, lan):
    wrong = []
    for raw in CONTROL:
        response = client.post(
            f"/login?next={raw}", data={"email": "lan@example.com", "password": PASSWORD}
        )
        if response.status_code != 400 or REFUSED not in response.get_data(as_text=True):
            wrong.append(f"{raw!r} -> {response.status_code}")
        elif client.get("/").status_code != 302:  # still signed out
            wrong.append(f"{raw!r} signed in")
    assert wrong == []


def test_the_login_page_with_control_characters_in_next_is_refused(app, client):
    wrong = []
    for raw in CONTROL:
        response = client.get(f"/login?next={raw}")
        if response.status_code != 400 or REFUSED not in response.get_data(as_text=True):
            wrong.append(f"{raw!r} -> {response.status_code}")
    assert wrong == []


def test_a_signed_in_visit_to_login_falls_back_to_home(app, client, lan, login):
    login(client, lan)
    wrong = []
    for raw in OFF_SITE:
        response = client.get(f"/login?next={raw}")
        if response.status_code != 302 or response.headers["Location"] != "/":
            wrong.append(f"{raw!r} -> {response.headers.get('Location')}")
    assert wrong == []


def test_a_signed_in_visit_to_login_with_control_characters_is_refused(app, client, lan, login):
    login(client, lan)
    wrong = []
    for raw in CONTROL:
        response = client.get(f"/login?next={raw}")
        if response.status_code != 400:
            wrong.append(f"{raw!r} -> {response.status_code}")
    assert wrong == []


def test_the_language_switch_falls_back_to_home(app, client):
    wrong = []
    for raw in OFF_SITE:
        response = client.post("/language", data={"language": "en", "next": decoded(raw)})
        if response.headers.get("Location") != "/":
            wrong.append(f"{raw!r} -> {response.headers.get('Location')}")
    assert wrong == []


def test_the_language_switch_refuses_control_characters_and_keeps_the_language(
    app, client, make_user, login
):
    from core.db import db
    from core.models import User

    uid = make_user("an@example.com", language="en")
    login(client, uid)
    wrong = []
    for raw in CONTROL:
        response = client.post("/language", data={"language": "vi", "next": decoded(raw)})
        if response.status_code != 400 or REFUSED not in response.get_data(as_text=True):
            wrong.append(f"{raw!r} -> {response.status_code}")
    assert wrong == []
    with app.app_context():
        assert db.session.get(User, uid).language == "en"


@pytest.mark.parametrize("path", LOCAL)
def test_sign_in_goes_to_the_local_page_asked_for(app, client, lan, path):
    response = client.post(
        f"/login?next={quote(path, safe='')}",
        data={"email": "lan@example.com", "password": PASSWORD},
    )
    assert response.headers["Location"] == path
