"""The preview page: choose a record type, then one of its latest records by title."""

from __future__ import annotations

import re

import pytest

from plugins.sla.admin.preview import LATEST
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import new_request


@pytest.fixture
def admin(sla_app, client, make_user, login):
    login(client, make_user("sla-admin@example.com", roles=["sla_admin", "desk_agent", "sales"]))
    return client


def _options(page: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select named {name}"
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


def test_the_first_step_asks_for_a_record_type_only(admin):
    page = admin.get("/sla/preview").get_data(as_text=True)
    assert "desk.request" in _options(page, "entity")
    assert 'name="record_id"' not in page


def test_choosing_a_type_lists_its_latest_records_by_title(admin):
    configure(desk_policy())
    for i in range(LATEST + 5):
        new_request(subject=f"Request {i:02d}")
    page = admin.get("/sla/preview?entity=desk.request").get_data(as_text=True)
    records = _options(page, "record_id")
    titles = [t for v, t in records.items() if v]
    assert len(titles) == LATEST
    assert titles[0] == "Request 54 — New"  # newest first, with its state
    assert not any(t.startswith("Request 04 ") for t in titles)  # older than the latest 50


def test_a_record_id_in_the_url_is_still_accepted_even_if_old(admin):
    configure(desk_policy())
    old = new_request(subject="The old one")
    for i in range(LATEST):
        new_request(subject=f"Request {i:02d}")
    page = admin.get(f"/sla/preview?entity=desk.request&record_id={old.id}").get_data(as_text=True)
    assert 'data-policy="Desk standard"' in page
    assert re.search(rf'<option value="{old.id}" selected>The old one', page)


def test_changing_the_type_in_the_form_asks_for_a_record_again(admin):
    configure(desk_policy())
    request = new_request()
    page = admin.get(
        f"/sla/preview?listed=desk.request&entity=crm.lead&record_id={request.id}"
    ).get_data(as_text=True)
    assert 'id="preview"' not in page and "There is no such record." not in page
    assert 'name="record_id"' in page or "No record of this type yet." in page
