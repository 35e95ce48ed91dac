"""``EntityType.responsible_field`` and ``person_user``: what other plugins may rely on."""

from __future__ import annotations

import pytest

from core.entities import EntityType, Field


class Thing:
    pass


def thing(**extra) -> EntityType:
    return EntityType(
        key="lab.thing",
        model=Thing,
        label="Thing",
        label_plural="Things",
        fields=(Field("name"), Field("owner_id", "ref", ref="core.user")),
        read_permission="lab.read",
        write_permission="lab.write",
        **extra,
    )


def test_the_responsible_field_must_be_a_declared_field():
    assert thing(responsible_field="owner_id").responsible_field == "owner_id"
    with pytest.raises(ValueError, match="responsible_field"):
        thing(responsible_field="assignee_id")


def test_person_user_is_none_unless_declared():
    record = Thing()
    record.user_id = 7
    assert thing().person_user_of(record) is None
    assert thing(person_user=lambda r: r.user_id).person_user_of(record) == 7


def test_bundled_types_declare_who_can_be_reassigned(app):
    host = app.extensions["nhip"]
    with app.app_context():
        fields = {e.key: e.responsible_field for e in host.entities}
        people = {e.key for e in host.entities if e.person_user is not None}
    assert fields["crm.ticket"] == "assignee_id"
    assert fields["crm.lead"] == "owner_id"
    assert fields["orders.sales_order"] == "salesperson_id"
    assert fields["orders.purchase_order"] == "buyer_id"
    assert fields["hr.employee"] is None
    assert people == {"hr.employee"}
