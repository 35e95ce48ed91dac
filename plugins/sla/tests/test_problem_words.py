"""Configuration problems are told in the viewer's language, with their place as written."""

from __future__ import annotations

import io
import json

from core.translations_build import compile_all
from plugins.sla.tests.conftest import OFFICE, desk_policy
from plugins.sla.tests.form_reader import form_fields

BAD = {
    "calendars": [{**OFFICE, "timezone": "Mars/Olympus"}],
    "policies": [{**desk_policy(), "entity": "nowhere.thing", "order": "first"}],
}


def _import(client, document: dict) -> str:
    response = client.post(
        "/sla/config",
        data={"file": (io.BytesIO(json.dumps(document).encode()), "sla.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    return response.get_data(as_text=True)


def test_an_import_error_is_told_in_vietnamese_with_its_place(sla_app, client, make_user, login):
    compile_all()
    login(client, make_user("sla@example.com", roles=["sla_admin"], language="vi"))
    page = _import(client, BAD)
    assert "calendars[0]: không có múi giờ &#39;Mars/Olympus&#39;" in page
    assert "policies[0].entity: không có loại bản ghi &#39;nowhere.thing&#39;" in page
    assert "policies[0].order: cần một số nguyên" in page
    assert "unknown entity type" not in page


def test_an_import_error_stays_in_english_for_an_english_reader(sla_app, client, make_user, login):
    login(client, make_user("sla@example.com", roles=["sla_admin"]))
    page = _import(client, BAD)
    assert "policies[0].entity: unknown record type &#39;nowhere.thing&#39;" in page
    assert "policies[0].order: a whole number" in page


def test_a_problem_inside_a_key_problem_and_an_unknown_one(sla_app):
    from flask_babel import force_locale

    from plugins.sla.problem_words import problem_text

    compile_all()
    with sla_app.test_request_context(), force_locale("vi"):
        assert problem_text("calendars[0].name: 'HCM' appears twice") == (
            "calendars[0].name: 'HCM' xuất hiện hai lần"
        )
        assert problem_text("document: unknown key 'extra'") == (
            "document: khóa không được hỗ trợ 'extra'"
        )
        assert problem_text(
            "calendars[0]: weekday 0: intervals 08:00-12:00 and 11:00-13:00 overlap"
        ) == (
            "calendars[0]: ngày 0 trong tuần: "
            "các khoảng giờ 08:00-12:00 và 11:00-13:00 chồng lên nhau"
        )
        assert problem_text("something new: as written") == "something new: as written"


def test_the_policy_builder_tells_a_problem_beside_its_part_in_vietnamese(
    sla_app, client, make_user, login
):
    from plugins.sla.tests.conftest import configure

    compile_all()
    configure(desk_policy())
    login(client, make_user("sla@example.com", roles=["sla_admin", "desk_agent"], language="vi"))
    fields = form_fields(client.get("/sla/policies/new?entity=desk.request").get_data(as_text=True))
    fields.pop("csrf_token", None)
    fields.update({"name": "Mới", "t0.hours": "0", "t0.mins": "0", "do": "save"})
    response = client.post("/sla/policies/new", data=fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "targets[0].minutes: cần một số nguyên dương phút làm việc" in page
    assert "a positive whole number of working minutes" not in page
