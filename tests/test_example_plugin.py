"""The third-party example ``examples/nhip-fieldservice``: loaded from a plugins folder (as an
instance would run it without installing), its entity, pages, API, demo data and SLA tracking
work like a bundled plugin's."""

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from plugin_kit import run_cli, states

from core.db import db
from core.demo import DemoContext
from core.records import create
from core.setup import init_instance
from core.testing import login_as, make_app, wipe

EXAMPLE = Path(__file__).parent.parent / "examples" / "nhip-fieldservice"
SOURCE = EXAMPLE / "src"
VISIT = "fieldservice.visit"


@pytest.fixture(scope="module")
def _example_apps():
    """One initialised instance per backend for the whole module, emptied before each test."""
    apps = {}
    yield apps
    for app in apps.values():
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def example_app(backend, request, _example_apps, tmp_path_factory):
    if backend not in _example_apps:
        folder = tmp_path_factory.mktemp(f"fieldservice-{backend}")
        url = request.getfixturevalue("fresh_database_url")
        app = make_app(folder / "instance", url, plugins_dir=SOURCE)
        init_instance(app)
        _example_apps[backend] = app
    app = _example_apps[backend]
    wipe(app)
    return app


def _person(app, email, roles):
    from core.models import User

    with app.app_context():
        user = User(email=email, name=email.split("@")[0].title())
        user.set_roles(roles)
        db.session.add(user)
        db.session.commit()
        return user.id


def _visit(app, customer="Quán cà phê Gió", priority="normal", technician_id=None):
    with app.app_context():
        visit = create(
            VISIT,
            {
                "customer": customer,
                "address": "7 Nguyễn Huệ, Quận 1",
                "scheduled_for": datetime(2026, 12, 1, 2, 0, tzinfo=UTC),
                "priority": priority,
                "technician_id": technician_id,
            },
        )
        return visit.id


def test_it_is_a_package_of_its_own_with_an_entry_point():
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "nhip-fieldservice"
    assert project["project"]["entry-points"]["nhip.plugins"] == {
        "fieldservice": "nhip_fieldservice"
    }
    assert (SOURCE / "nhip_fieldservice" / "migrations" / "fieldservice_0001_tables.py").exists()


def test_it_loads_from_a_plugins_folder_with_its_entity_and_roles(example_app):
    assert states(example_app)["fieldservice"] == ("enabled", "")
    host = example_app.extensions["nhip"]
    entity = host.entities.get(VISIT)
    assert entity.plugin == "fieldservice"
    assert [s.name for s in entity.states] == [
        "scheduled",
        "en_route",
        "on_site",
        "done",
        "cancelled",
    ]
    assert entity.final_states == {"done", "cancelled"}
    with example_app.test_request_context():
        from core.auth.access import roles_catalog

        roles = roles_catalog()
    assert roles["dispatcher"].permissions == {
        "fieldservice.read",
        "fieldservice.write",
        "fieldservice.dispatch",
    }


def test_its_list_page_renders_with_its_badge_and_menu(example_app):
    client = example_app.test_client()
    login_as(client, _person(example_app, "boss@example.com", ["dispatcher"]))
    _visit(example_app, "Nhà hàng Phở Việt", priority="urgent")
    _visit(example_app, "Khách sạn Sông Hàn")

    page = client.get(f"/r/{VISIT}/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Nhà hàng Phở Việt" in html and "Khách sạn Sông Hàn" in html
    assert "Urgent" in html
    assert "My route" in html


def test_a_technician_sees_only_their_visits_through_the_api(example_app):
    tech = _person(example_app, "tech@example.com", ["technician"])
    _visit(example_app, "Mine", technician_id=tech)
    _visit(example_app, "Someone else's")
    client = example_app.test_client()
    login_as(client, tech)
    body = client.get(f"/api/v1/{VISIT}").json
    assert [item["customer"] for item in body["items"]] == ["Mine"]
    assert client.get("/fieldservice/my-route").status_code == 302


def test_an_employee_without_its_roles_is_refused(example_app):
    client = example_app.test_client()
    login_as(client, _person(example_app, "clerk@example.com", ["employee"]))
    assert client.get(f"/r/{VISIT}/").status_code == 403
    assert client.get(f"/api/v1/{VISIT}").status_code == 403


def test_its_demo_data_loads_once(example_app):
    host = example_app.extensions["nhip"]
    with example_app.app_context():
        from nhip_local_plugins.nhip_fieldservice.models import Visit

        for _ in range(2):
            host.module("fieldservice").demo_data(demo=DemoContext())
            db.session.commit()
        visits = db.session.execute(db.select(Visit)).scalars().all()
    assert len(visits) == 12
    assert {v.state for v in visits} == {"scheduled", "en_route", "on_site", "done", "cancelled"}


def test_sla_tracks_its_visits(example_app, tmp_path):
    listed = run_cli(example_app, "sla", "modules", "--json")
    assert VISIT in {row["entity"] for row in json.loads(listed.output)}
    assert run_cli(example_app, "sla", "enable", VISIT).exit_code == 0
    always = ["00:00-24:00"]
    config = {
        "calendars": [
            {
                "name": "Always",
                "timezone": "Asia/Ho_Chi_Minh",
                "week": {day: always for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
                "holidays": [],
                "workdays": [],
            }
        ],
        "policies": [
            {
                "name": "Reach the customer",
                "entity": VISIT,
                "order": 10,
                "conditions": {"all": []},
                "calendar": "Always",
                "targets": [
                    {
                        "name": "Arrive",
                        "start": ["created"],
                        "pause": [],
                        "stop": ["on_site", "done"],
                        "cancel": ["cancelled"],
                        "minutes": 120,
                        "warn": [50],
                        "escalations": [],
                    }
                ],
            }
        ],
    }
    path = tmp_path / "sla.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    loaded = run_cli(example_app, "sla", "import", str(path))
    assert loaded.exit_code == 0, loaded.output

    visit_id = _visit(example_app)
    client = example_app.test_client()
    login_as(client, _person(example_app, "boss@example.com", ["dispatcher"]))
    record = client.get(f"/api/v1/{VISIT}/{visit_id}").json
    assert [b["source"] for b in record["badges"]] == ["sla"]
    assert record["badges"][0]["target"] == "Arrive"
