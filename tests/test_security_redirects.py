"""``next`` parameters lead only to a path of this site, whatever encoding, whitespace,
backslashes or slashes a browser would read as another host: such a value falls back to home."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from core.ui.links import local_target

PASSWORD = "ferry-lantern-42"

#: raw query-string values (already percent-encoded as they travel in the URL)
HOSTILE = [
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
    "%09//evil.example",
    "%20//evil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0D%0A/evil.example",
    "/%00/evil.example",
    "%00//evil.example",
    "/%E2%80%A8/evil.example",
    "/%E2%80%8B/evil.example",
    "/%7F/evil.example",
    "/%C2%A0/evil.example",
    "/x%0D%0ASet-Cookie:%20a=b",
    "evil.example",
    "@evil.example",
    "%2F%5Cevil.example",
    "/%2509/evil.example",
]
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


@pytest.fixture
def lan(make_user):
    return make_user("lan@example.com", password=PASSWORD)


def test_sign_in_falls_back_to_home_for_every_hostile_next(app, client, lan):
    wrong = []
    for raw in HOSTILE:
        response = client.post(
            f"/login?next={raw}", data={"email": "lan@example.com", "password": PASSWORD}
        )
        if response.status_code != 302 or response.headers["Location"] != "/":
            wrong.append(f"{raw!r} -> {response.status_code} {response.headers.get('Location')}")
        client.post("/logout")
    assert wrong == []


def test_a_signed_in_visit_to_login_falls_back_to_home(app, client, lan, login):
    login(client, lan)
    wrong = []
    for raw in HOSTILE:
        response = client.get(f"/login?next={raw}")
        if response.status_code != 302 or response.headers["Location"] != "/":
            wrong.append(f"{raw!r} -> {response.headers.get('Location')}")
    assert wrong == []


def test_the_language_switch_falls_back_to_home(app, client):
    wrong = []
    for raw in HOSTILE:
        response = client.post("/language", data={"language": "en", "next": decoded(raw)})
        if response.headers.get("Location") != "/":
            wrong.append(f"{raw!r} -> {response.headers.get('Location')}")
    assert wrong == []


@pytest.mark.parametrize("path", LOCAL)
def test_sign_in_goes_to_the_local_page_asked_for(app, client, lan, path):
    response = client.post(
        f"/login?next={quote(path, safe='')}",
        data={"email": "lan@example.com", "password": PASSWORD},
    )
    assert response.headers["Location"] == path
