"""``check_routes(plugin)``: every route of a plugin, asked by every role and by an anonymous
visitor, answers as its access marker says and never with a server error; every form POST
is refused without its CSRF token.

A plugin's routes are those of the blueprints it mounts and the host's generic entity routes
(``/r/<entity_key>/...``, ``/api/v1/<entity_key>...``) for each entity type it declares. URL
arguments are filled with the id of an existing record of the plugin's types (one is made
with ``make_record`` when there is none), other arguments with ``x``. Safe methods are asked
first, then the CSRF checks, then the unsafe methods (which may change data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from werkzeug.routing.converters import AnyConverter

from core.testing import login_as as sign_in

ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
ANONYMOUS = "anonymous"
NO_ROLE = "no role"


@dataclass(frozen=True)
class Route:
    """One request to make: an endpoint, a method and a URL with its arguments filled."""

    endpoint: str
    method: str
    url: str

    @property
    def api(self) -> bool:
        return self.url.startswith("/api/")

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


@dataclass
class RouteReport:
    """What ``check_routes`` asked: ``answers[(str(route), who)] = status``, the problems, and
    the rules it could not build a URL for (``skipped``, with the reason)."""

    routes: list[Route] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    answers: dict[tuple[str, str], int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def plugin_routes(app, plugin: str, skipped: list[str] | None = None) -> list[Route]:
    """Every route of ``plugin`` (its blueprints' and its entity types' generic ones); the
    rules whose URL cannot be built from sample arguments go to ``skipped``."""
    owners = app.extensions["nhip_blueprint_owners"]
    blueprints = {name for name, owner in owners.items() if owner == plugin}
    keys = [e.key for e in app.extensions["nhip"].entities if e.plugin == plugin]
    ids = _record_ids(app, keys)
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        arguments = {name: conv or "default" for conv, name in ARGUMENT.findall(rule.rule)}
        entity_args = [n for n, c in arguments.items() if c == "entity_key" or n == "entity_key"]
        own = rule.endpoint.split(".")[0] in blueprints
        if not own and not entity_args:
            continue
        for key in keys if entity_args else [None]:
            values = {n: _fill(n, c, key, keys, ids) for n, c in arguments.items()}
            for name, converter in rule._converters.items():
                if isinstance(converter, AnyConverter):  # <any(a, b):name>: the first choice
                    values[name] = sorted(converter.items)[0]
            try:
                url = rule.build(values, append_unknown=False)[1]
            except (ValueError, TypeError, LookupError) as exc:
                if skipped is not None:
                    skipped.append(f"{rule.rule}: {exc}")
                continue
            for method in sorted(set(("GET", *UNSAFE)) & rule.methods):
                routes.append(Route(rule.endpoint, method, url))
    return routes


def _record_ids(app, keys: list[str]) -> dict[str, int]:
    """The id of one record of each type (None for a type without any)."""
    from core.db import db
    from core.records import entity_type

    ids = {}
    with app.app_context():
        for key in keys:
            model = entity_type(key).model
            ids[key] = db.session.execute(db.select(model.id).order_by(model.id)).scalar()
        db.session.remove()
    return ids


def _fill(name: str, converter: str, key: str | None, keys: list[str], ids: dict) -> object:
    """A value for URL argument ``name``: the entity key, a record id, or ``x``."""
    if converter == "entity_key" or name == "entity_key":
        return key
    if converter != "int":
        return "x"
    named = [k for k in keys if name in (f"{k.split('.')[-1]}_id", "id", "record_id")]
    for candidate in [key, *named, *keys]:
        if candidate and ids.get(candidate):
            return ids[candidate]
    return 1


def _expected_permission(app, route: Route) -> tuple[str, str | None]:
    """The access marker's kind and, for a permission route, the permission asked."""
    from core.auth.access import access_of

    kind, value = access_of(app.view_functions[route.endpoint]) or ("none", None)
    if not callable(value):
        return kind, value
    adapter = app.url_map.bind("localhost")
    _endpoint, arguments = adapter.match(route.url, method=route.method)
    with app.app_context():
        return kind, value(**arguments)


class RouteChecker:
    """Signs in one user per role and asks each route as each of them."""

    def __init__(self, app, make_user, make_record, monkeypatch) -> None:
        self.app = app
        self.make_user = make_user
        self.make_record = make_record
        self.monkeypatch = monkeypatch

    def __call__(self, plugin: str, *, roles: list[str] | None = None, skip=()) -> RouteReport:
        """Check every route of ``plugin`` (except endpoints in ``skip``) as each of ``roles``
        (default: every role), a user without roles and an anonymous visitor; fails the test
        listing every problem, else returns the report."""
        from core.auth.access import ALL, roles_catalog

        self._ensure_records(plugin)
        with self.app.test_request_context():
            catalog = roles_catalog()
        names = sorted(catalog) if roles is None else list(roles)
        people: dict[str, tuple[int | None, frozenset]] = {ANONYMOUS: (None, frozenset())}
        people[NO_ROLE] = (self.make_user("no-role@example.com", roles=[]), frozenset())
        for name in names:
            granted = catalog[name].permissions if name in catalog else frozenset()
            user = self.make_user(f"{name.replace('_', '-')}-routes@example.com", roles=[name])
            people[name] = (user, frozenset(granted) | ({ALL} if name == "admin" else set()))
        report = RouteReport()
        routes = plugin_routes(self.app, plugin, report.skipped)
        report.routes = [r for r in routes if r.endpoint not in skip]
        if not report.routes:
            report.problems.append(f"plugin {plugin} has no routes to check")
        safe = [r for r in report.routes if r.method not in UNSAFE]
        unsafe = [r for r in report.routes if r.method in UNSAFE]
        for route in safe:
            self._ask_everyone(route, people, report)
        self._check_csrf(unsafe, people, report)
        for route in unsafe:
            self._ask_everyone(route, people, report)
        if report.problems:
            pytest.fail(f"check_routes({plugin!r}):\n  " + "\n  ".join(report.problems))
        return report

    def _ensure_records(self, plugin: str) -> None:
        """One record of each of the plugin's types, so that record URLs lead somewhere."""
        keys = [e.key for e in self.app.extensions["nhip"].entities if e.plugin == plugin]
        for key, record_id in _record_ids(self.app, keys).items():
            if record_id is None:
                try:
                    self.make_record(key)
                except Exception:  # noqa: BLE001 - then its URLs get the id 1 (a 404)
                    pass

    def _ask(self, route: Route, user_id: int | None):
        client = self.app.test_client()  # a fresh session each time: some routes sign out
        if user_id is not None:
            sign_in(client, user_id)
        return client.open(route.url, method=route.method)

    def _ask_everyone(self, route: Route, people: dict, report: RouteReport) -> None:
        from core.auth.access import ALL

        kind, permission = _expected_permission(self.app, route)
        for who, (user_id, granted) in people.items():
            try:
                response = self._ask(route, user_id)
            except Exception as exc:  # noqa: BLE001 - TESTING propagates a view's exception
                report.answers[(str(route), who)] = 500
                report.problems.append(f"{route} as {who} raised {type(exc).__name__}: {exc}")
                continue
            status = response.status_code
            report.answers[(str(route), who)] = status
            where = f"{route} as {who} -> {status}"
            location = response.location or ""
            if status >= 500:
                report.problems.append(f"{where} (server error)")
            elif kind == "none":
                report.problems.append(f"{route}: the view declares no access marker")
            elif who == ANONYMOUS and kind != "public":
                if route.api and status != 401:
                    report.problems.append(f"{where} (an anonymous API call must get 401)")
                elif not route.api and not (status == 302 and "/login" in location):
                    report.problems.append(f"{where} (anonymous must be sent to /login)")
            elif kind == "permission" and permission and not ({ALL, permission} & granted):
                if status != 403:
                    report.problems.append(f"{where} (lacks {permission}: must get 403)")
            elif kind == "permission" and permission and status == 401:
                report.problems.append(f"{where} (holds {permission}, yet refused)")

    def _check_csrf(self, unsafe: list[Route], people: dict, report: RouteReport) -> None:
        """Every unsafe request of a signed-in user without its CSRF token gets 400."""
        admin = next((uid for who, (uid, g) in people.items() if who == "admin"), None)
        if admin is None:
            admin = self.make_user("csrf-admin@example.com", roles=["admin"])
        before = self.app.config.get("WTF_CSRF_ENABLED", True)
        self.monkeypatch.setitem(self.app.config, "WTF_CSRF_ENABLED", True)
        try:
            for route in unsafe:
                try:
                    status = self._ask(route, admin).status_code
                except Exception:  # noqa: BLE001 - the view ran: no token was asked
                    status = 500
                report.answers[(str(route), "admin without CSRF token")] = status
                if status != 400:
                    report.problems.append(
                        f"{route} without a CSRF token -> {status} (must be refused with 400)"
                    )
        finally:
            self.monkeypatch.setitem(self.app.config, "WTF_CSRF_ENABLED", before)


@pytest.fixture
def check_routes(app, make_user, make_record, monkeypatch) -> RouteChecker:
    """``check_routes(plugin, roles=None, skip=())`` -> the report: asks every route of
    ``plugin`` as every role, a user without roles and an anonymous visitor; no answer may be
    a server error, access must follow each view's marker, every form POST without its CSRF
    token must be refused. Fails the test listing every problem."""
    return RouteChecker(app, make_user, make_record, monkeypatch)
