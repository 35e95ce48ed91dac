"""Each hook of ``core/hookspecs.py``: the host calls it with the documented arguments and uses
its answer. The probe plugin (``tests/hook_plugins/hookprobe``) implements every hook and
records its calls; the bundled plugins stay enabled beside it."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from plugin_kit import run_cli

from core.auth.access import permissions_catalog, roles_catalog
from core.db import db
from core.demo import DemoContext
from core.errors import PluginFailed
from core.models import User
from core.queue import drain
from core.records import create, get_record, transition, update
from core.setup import init_instance
from core.testing import login_as, make_app, wipe

PLUGINS = Path(__file__).parent / "hook_plugins"
KEY = "hookprobe.gadget"


@pytest.fixture(scope="module")
def _probe_apps():
    apps = {}
    yield apps
    for app in apps.values():
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(backend, request, _probe_apps, tmp_path_factory):
    """An instance with the probe plugin and the bundled ones, emptied, the probe's record of
    calls and its knobs reset."""
    if backend not in _probe_apps:
        folder = tmp_path_factory.mktemp(f"hooks-{backend}")
        url = request.getfixturevalue("fresh_database_url")
        application = make_app(folder / "instance", url, plugins_dir=PLUGINS)
        init_instance(application)
        _probe_apps[backend] = application
    application = _probe_apps[backend]
    wipe(application)
    probe = application.extensions["nhip"].module("hookprobe")
    probe.CALLS.clear()
    probe.KNOBS.update(fail=set(), default_sort=None, managers={}, heads={})
    return application


@pytest.fixture
def probe(app):
    return app.extensions["nhip"].module("hookprobe")


def person(app, email, roles):
    with app.app_context():
        user = User(email=email, name=email.split("@")[0].title())
        user.set_roles(roles)
        db.session.add(user)
        db.session.commit()
        return user.id


def signed_in(app, roles=("gadgeteer",)):
    client = app.test_client()
    uid = person(app, f"{'-'.join(roles) or 'nobody'}@example.com", list(roles))
    login_as(client, uid)
    return client, uid


def gadgets(app, *specs):
    """Create gadgets from ``(name, size)`` pairs; returns their ids."""
    with app.app_context():
        return [create(KEY, {"name": name, "size": size}).id for name, size in specs]


def count(app):
    with app.app_context():
        return db.session.query(get_model(app)).count()


def get_model(app):
    return app.extensions["nhip"].entities.get(KEY).model


# -- start-up hooks ---------------------------------------------------------------------------


def test_hook_register_blueprints(app):
    assert app.test_client().get("/hookprobe/ping").get_data(as_text=True) == "pong"
    assert app.extensions["nhip_blueprint_owners"]["hookprobe"] == "hookprobe"


def test_hook_register_entities(app):
    entity = app.extensions["nhip"].entities.get(KEY)
    assert entity.plugin == "hookprobe"
    assert [s.name for s in entity.states] == ["draft", "active", "retired"]
    client, _uid = signed_in(app)
    assert client.get(f"/r/{KEY}/").status_code == 200
    assert client.get(f"/api/v1/{KEY}").status_code == 200


def test_hook_register_permissions(app):
    with app.test_request_context():
        catalog = permissions_catalog()
    assert catalog["hookprobe.read"].label == "Read gadgets"
    assert "hookprobe.write" in catalog


def test_hook_register_roles(app, probe):
    with app.test_request_context():
        assert roles_catalog()["gadgeteer"].permissions == {"hookprobe.read", "hookprobe.write"}
    reader, _ = signed_in(app, ("gadgeteer",))
    clerk, _ = signed_in(app, ("employee",))
    assert reader.get("/hookprobe/shelf").status_code == 200
    assert clerk.get("/hookprobe/shelf").status_code == 403
    created = run_cli(app, "users", "create", "g@example.com", "--name", "G", "--role", "gadgeteer")
    assert created.exit_code == 0, created.output


def test_hook_register_menu(app, probe):
    reader, _ = signed_in(app, ("gadgeteer",))
    clerk, _ = signed_in(app, ("employee",))
    assert "Gadget shelf" in reader.get("/").get_data(as_text=True)
    assert probe.calls("register_menu") == [{}] * len(probe.calls("register_menu"))
    assert "Gadget shelf" not in clerk.get("/").get_data(as_text=True)


def test_hook_register_commands(app):
    gadgets(app, ("Lamp", "S"), ("Desk", "L"))
    result = run_cli(app, "gadgets-count")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "2 gadgets"


def test_hook_app_ready(app):
    assert app.config["HOOKPROBE_READY"] is True


# -- record lifecycle -------------------------------------------------------------------------


def test_hook_entity_created(app, probe):
    actor = person(app, "maker@example.com", ["gadgeteer"])
    with app.app_context():
        gadget = create(KEY, {"name": "Lamp", "size": "S"}, actor)
        (call,) = probe.calls("entity_created")
        assert call["entity"].key == KEY
        assert call["record"] is gadget and call["record"].id is not None
        assert call["actor_id"] == actor
    probe.KNOBS["fail"].add("entity_created")
    with app.app_context(), pytest.raises(PluginFailed, match="plugin hookprobe failed"):
        create(KEY, {"name": "Desk", "size": "L"}, actor)
    assert count(app) == 1


def test_hook_entity_updated(app, probe):
    (gadget_id,) = gadgets(app, ("Lamp", "S"))
    with app.app_context():
        update(KEY, get_record(KEY, gadget_id), {"name": "Floor lamp", "size": "S"}, None)
        (call,) = probe.calls("entity_updated")
        assert call["entity"].key == KEY and call["record"].id == gadget_id
        assert call["changes"] == {"name": ("Lamp", "Floor lamp")}
        assert call["actor_id"] is None
    probe.KNOBS["fail"].add("entity_updated")
    with app.app_context():
        with pytest.raises(PluginFailed, match="plugin hookprobe failed"):
            update(KEY, get_record(KEY, gadget_id), {"size": "L"}, None)
        db.session.remove()
        assert get_record(KEY, gadget_id).size == "S"


def test_hook_entity_transitioned(app, probe):
    actor = person(app, "mover@example.com", ["gadgeteer"])
    (gadget_id,) = gadgets(app, ("Lamp", "S"))
    with app.app_context():
        transition(KEY, get_record(KEY, gadget_id), "active", actor, note="in use")
        (call,) = probe.calls("entity_transitioned")
        assert call["entity"].key == KEY and call["record"].id == gadget_id
        assert (call["from_state"], call["to_state"]) == ("draft", "active")
        assert (call["actor_id"], call["note"]) == (actor, "in use")
    probe.KNOBS["fail"].add("entity_transitioned")
    with app.app_context():
        with pytest.raises(PluginFailed, match="plugin hookprobe failed"):
            transition(KEY, get_record(KEY, gadget_id), "retired", actor)
        db.session.remove()
        assert get_record(KEY, gadget_id).state == "active"


# -- list and record pages --------------------------------------------------------------------


def test_hook_record_badges(app, probe):
    ids = gadgets(app, ("Lamp", "S"), ("Desk", "L"), ("Chair", "M"))
    client, uid = signed_in(app)

    html = client.get(f"/r/{KEY}/").get_data(as_text=True)
    assert all(f"gadget-{i}" in html for i in ids)
    calls = [c for c in probe.calls("record_badges") if c["entity"].key == KEY]
    assert len(calls) == 1, "one batched call per page"
    assert sorted(r.id for r in calls[0]["records"]) == ids
    assert calls[0]["user_id"] == uid

    items = client.get(f"/api/v1/{KEY}").json["items"]
    assert {item["id"]: item["badges"] for item in items}[ids[1]] == [
        {"source": "hookprobe", "size": "L", "label": f"gadget-{ids[1]}"}
    ]
    record = client.get(f"/api/v1/{KEY}/{ids[0]}").json
    assert [b["label"] for b in record["badges"]] == [f"gadget-{ids[0]}"]


def test_hook_record_panels(app, probe):
    (gadget_id,) = gadgets(app, ("Desk", "L"))
    client, uid = signed_in(app)
    html = client.get(f"/r/{KEY}/{gadget_id}").get_data(as_text=True)
    assert "Gadget facts" in html and "<p class='probe'>size L</p>" in html
    (call,) = [c for c in probe.calls("record_panels") if c["entity"].key == KEY]
    assert call["record"].id == gadget_id and call["user_id"] == uid


def test_hook_transition_consequences(app, probe):
    (gadget_id,) = gadgets(app, ("Desk", "L"))
    with app.app_context():
        transition(KEY, get_record(KEY, gadget_id), "active")
    client, uid = signed_in(app)
    form = {"to": "retired", "from": "active"}
    page = client.post(f"/r/{KEY}/{gadget_id}/confirm-move", data=form).get_data(as_text=True)
    assert "Gadget Desk goes to the retired shelf." in page
    (call,) = [c for c in probe.calls("transition_consequences") if c["entity"].key == KEY]
    assert call["record"].id == gadget_id and call["to_state"] == "retired"
    assert call["user_id"] == uid
    with app.app_context():
        assert get_record(KEY, gadget_id).state == "active", "asking moves nothing"


def test_hook_list_filters(app, probe):
    gadgets(app, ("Lamp", "S"), ("Desk", "L"), ("Table", "L"))
    client, uid = signed_in(app)
    names = [i["name"] for i in client.get(f"/api/v1/{KEY}?big=yes&sort=name").json["items"]]
    assert names == ["Desk", "Table"]
    assert "Big ones" in client.get(f"/r/{KEY}/").get_data(as_text=True)
    call = [c for c in probe.calls("list_filters") if c["entity"].key == KEY][0]
    assert call["user_id"] == uid


def test_hook_list_sorts(app, probe):
    gadgets(app, ("Armchair", "M"), ("Desk", "L"), ("Lamp", "S"))
    client, uid = signed_in(app)
    ascending = client.get(f"/api/v1/{KEY}?sort=name_length").json["items"]
    descending = client.get(f"/api/v1/{KEY}?sort=-name_length").json["items"]
    assert [i["name"] for i in ascending] == ["Desk", "Lamp", "Armchair"]
    assert [i["name"] for i in descending][0] == "Armchair"
    assert "Name length" in client.get(f"/r/{KEY}/").get_data(as_text=True)
    call = [c for c in probe.calls("list_sorts") if c["entity"].key == KEY][0]
    assert call["user_id"] == uid


def _listed(page: str, names: list[str]) -> list[str]:
    """``names`` in the order a list page shows them."""
    return sorted(names, key=page.index)


def test_hook_list_default_sort(app, probe):
    """The screens' lists follow the hook; the API keeps the type's own order (stable pages)."""
    gadgets(app, ("Bench", "M"), ("Armchair", "M"), ("Cupboard", "L"))
    client, uid = signed_in(app)
    everyone = ["Armchair", "Bench", "Cupboard"]
    probe.KNOBS["default_sort"] = "-name"
    page = client.get(f"/r/{KEY}/").get_data(as_text=True)
    assert _listed(page, everyone) == ["Cupboard", "Bench", "Armchair"]
    call = [c for c in probe.calls("list_default_sort") if c["entity"].key == KEY][-1]
    assert call["user_id"] == uid
    names = [i["name"] for i in client.get(f"/api/v1/{KEY}").json["items"]]
    assert names == ["Bench", "Armchair", "Cupboard"], "the API: the type's own order (id)"
    probe.KNOBS["default_sort"] = None
    page = client.get(f"/r/{KEY}/").get_data(as_text=True)
    assert _listed(page, everyone) == ["Bench", "Armchair", "Cupboard"], "own default_sort"


# -- org directory ----------------------------------------------------------------------------


def test_hook_user_manager(app, probe):
    probe.KNOBS["managers"] = {7001: 7002}
    with app.app_context():
        host = app.extensions["nhip"]
        assert host.hook.user_manager(user_id=7001) == 7002
        assert host.hook.user_manager(user_id=7003) is None
    assert probe.calls("user_manager")[0] == {"user_id": 7001}


def test_hook_user_department(app, probe):
    probe.KNOBS["managers"] = {7001: 7002}
    with app.app_context():
        assert app.extensions["nhip"].hook.user_department(user_id=7001) == "GADGET"
    assert probe.calls("user_department") == [{"user_id": 7001}]


def test_hook_department_head(app, probe):
    probe.KNOBS["heads"] = {"GADGET": 7002}
    with app.app_context():
        assert app.extensions["nhip"].hook.department_head(department="GADGET") == 7002
    assert probe.calls("department_head") == [{"department": "GADGET"}]


def test_hook_departments(app, probe):
    with app.app_context():
        answers = app.extensions["nhip"].hook.departments()
    assert [("GADGET", "Gadget lab")] in answers
    assert probe.calls("departments") == [{}]


# -- notifications, demo, dashboard -----------------------------------------------------------


def test_hook_deliver_notification(app, probe):
    from core.notifications import notify

    uid = person(app, "bell@example.com", ["employee"])
    with app.app_context():
        notify([uid], "Gadget ready")
        assert drain()
        assert probe.calls("deliver_notification") == [], "nothing before the commit"
        db.session.commit()
        assert drain(), "delivered by a queue job"
        (call,) = probe.calls("deliver_notification")
        assert call["notification"].subject == "Gadget ready"
        assert call["user"].email == "bell@example.com"
        notify([uid], "Rolled back")
        db.session.rollback()
    assert drain()
    assert len(probe.calls("deliver_notification")) == 1


def test_hook_demo_data(app, probe):
    from core.plugin_states import set_enabled, sync

    host = app.extensions["nhip"]
    with app.app_context():
        set_enabled(set(host.loadable()) - {"hookprobe"}, False)
        sync(app)
    init_instance(app, demo=True)
    init_instance(app, demo=True)
    calls = probe.calls("demo_data")
    assert len(calls) == 2 and isinstance(calls[0]["demo"], DemoContext)
    with app.app_context():
        names = [g.name for g in db.session.query(get_model(app)).all()]
    assert names == ["Demo gadget"]


def test_hook_dashboard_widgets(app, probe):
    client, uid = signed_in(app)
    html = client.get("/").get_data(as_text=True)
    assert "Gadget news" in html and "<p class='probe'>3 new gadgets</p>" in html
    assert probe.calls("dashboard_widgets")[-1]["user_id"] == uid


def test_hook_periodic_tasks(app, probe):
    from core.queue import Periodic, run_periodic_now
    from core.queue.embedded import EmbeddedLoop

    tick = Periodic("hookprobe.tick", 60.0, "nhip_local_plugins.hookprobe.tick")
    with app.app_context():
        assert [tick] in app.extensions["nhip"].hook.periodic_tasks()
    assert "hookprobe.tick" in run_periodic_now(app)
    assert probe.calls("tick") == [{"app": app}], "run once, in an application context"
    loop = EmbeddedLoop(app)
    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert "hookprobe.tick" in loop.tick(start)
    assert "hookprobe.tick" not in loop.tick(start + timedelta(seconds=59))
    assert "hookprobe.tick" in loop.tick(start + timedelta(seconds=60))
    assert drain()
    assert len(probe.calls("tick")) == 3


def test_every_permission_roles_routes_and_entities_use_is_declared(app):
    """``register_permissions`` is the catalog of what can be granted: roles, routes, entity
    types and transitions name only declared permissions (a typo would lock people out)."""
    from core.auth.access import access_of

    with app.test_request_context():
        declared = set(permissions_catalog())
        used = {f"role {role.name}": role.permissions - {"*"} for role in roles_catalog().values()}
    for rule in app.url_map.iter_rules():
        marker = access_of(app.view_functions[rule.endpoint])
        if marker and marker[0] == "permission" and isinstance(marker[1], str):
            used[f"route {rule.endpoint}"] = {marker[1]}
    for entity in app.extensions["nhip"].entities:
        used[f"entity {entity.key}"] = {entity.read_permission, entity.write_permission} | {
            t.permission for t in entity.transitions if t.permission
        }
    undeclared = {
        where: sorted(names - declared) for where, names in used.items() if names - declared
    }
    assert undeclared == {}
