"""A policy's page in words: conditions as sentences with the labels the record type declares,
states by their labels, the change rule and escalation actions by name."""

from __future__ import annotations

import pytest
from flask_babel import refresh

from core.db import db
from core.entities import Choice, EntityType, Field, State
from core.translations_build import compile_all
from plugins.sla.models import Policy
from plugins.sla.policy_text import condition_text
from plugins.sla.tests.conftest import configure, desk_policy


class _Order:
    """A model stand-in: condition text needs only the declarations."""


ORDER = EntityType(
    key="shop.order",
    model=_Order,
    label="Order",
    label_plural="Orders",
    fields=(
        Field("priority", "choice", "Priority", (Choice("express", "Express"), Choice("normal"))),
        Field(
            "customer_tier",
            "choice",
            "Customer tier",
            (Choice("vip", "VIP"), Choice("gold", "Gold"), Choice("silver", "Silver")),
        ),
        Field("amount", "money", "Amount"),
        Field("paid", "bool", "Paid"),
        Field("note", "text", "Note"),
    ),
    read_permission="shop.read",
    write_permission="shop.write",
    states=(State("draft", "Draft"), State("confirmed", "Confirmed")),
    initial_state="draft",
)


def _said(app, condition, language="en") -> str:
    compile_all()
    with app.test_request_context(headers={"Accept-Language": language}):
        refresh()
        return condition_text(condition, ORDER)


def _test(field, op, value=None):
    return {"field": field, "op": op, **({} if value is None else {"value": value})}


@pytest.mark.parametrize(
    ("condition", "said"),
    [
        ({}, "Every record"),
        ({"all": [_test("priority", "eq", "express")]}, "Priority is Express"),
        (
            {"all": [_test("customer_tier", "in", ["vip", "gold"])]},
            "Customer tier is one of VIP, Gold",
        ),
        (
            {"all": [_test("priority", "ne", "normal"), _test("amount", "gte", 5000000)]},
            "Priority is not normal and Amount is at least 5000000",
        ),
        (
            {
                "all": [
                    {"any": [_test("paid", "eq", True), _test("note", "contains", "urgent")]},
                    _test("state", "not_in", ["draft"]),
                ]
            },
            "(Paid is Yes or Note contains “urgent”) and State is none of Draft",
        ),
        ({"all": [_test("note", "is_set", False)]}, "Note is not set"),
        (
            {"all": [_test("colour", "eq", "red")]},
            '{"field": "colour", "op": "eq", "value": "red"}',
        ),
    ],
)
def test_conditions_read_as_sentences(sla_app, condition, said):
    assert _said(sla_app, condition) == said


def test_conditions_in_vietnamese(sla_app):
    condition = {
        "all": [_test("priority", "eq", "express"), _test("customer_tier", "in", ["vip", "gold"])]
    }
    assert _said(sla_app, condition, "vi") == (
        "Priority là Express và Customer tier là một trong VIP, Gold"
    )


@pytest.fixture
def admin(sla_app, client, make_user, login):
    login(client, make_user("sla-admin@example.com", roles=["sla_admin", "desk_agent"]))
    return client


def test_the_policy_page_shows_conditions_states_and_rules_in_words(admin):
    conditions = {"all": [{"field": "tier", "op": "in", "value": ["vip", "standard"]}]}
    configure(desk_policy(conditions=conditions))
    policy = db.session.execute(db.select(Policy)).scalar_one()
    page = admin.get(f"/sla/policies/{policy.id}").get_data(as_text=True)
    assert "Tier is one of vip, standard" in page
    assert "carry the time spent over" in page
    assert "record created" in page  # Respond starts on creation
    assert "Open, Done" in page  # Respond is met in open or done: the states' labels
    assert "100 %: Notify people" in page
    assert "conditions|tojson" not in page and "carry_over" not in page
    assert "Requests" in page  # the record type by its label
