"""The builder's conditions: rows of field, operator and value, joined by all or any.

Form fields: ``match`` (``all``/``any``), ``c.count``, and per row ``cN.field``, ``cN.op``,
``cN.value`` (a typed input or a choice), ``cN.values.CHOICE`` (ticked choices of ``in`` and
``not_in`` on a choice field). A condition the rows cannot say exactly (a nested group, an
explicit ``is_set: true``, values out of order) is kept as JSON in its row (``cN.json``); the
whole conditions likewise in ``conditions_json`` when they are not one group of tests. So the
document and the builder give each other back exactly what they were given.
"""

from __future__ import annotations

from typing import Any

from plugins.sla.admin.builder_values import dumped, loaded, number, tick, ticked
from plugins.sla.conditions import NUMERIC, ORDERED, TEXTUAL, FieldSpec

#: the builder's operators; ``is_empty`` is ``is_set`` with ``value: false``
BUILDER_OPS = (
    "eq",
    "ne",
    "in",
    "not_in",
    "gt",
    "gte",
    "lt",
    "lte",
    "contains",
    "is_set",
    "is_empty",
)


def operators(spec: FieldSpec) -> list[str]:
    """The operators that fit a field's type."""
    ops = ["eq", "ne", "in", "not_in"]
    if spec.type in ORDERED:
        ops += ["gt", "gte", "lt", "lte"]
    if spec.type in TEXTUAL:
        ops.append("contains")
    if spec.type == "bool":
        ops = ["eq", "ne"]
    return ops + ["is_set", "is_empty"]


def _typed(spec: FieldSpec | None, text: str) -> Any:
    kind = spec.type if spec else "str"
    if kind == "bool":
        return {"true": True, "false": False}.get(text, text)
    if kind in NUMERIC:
        return number(text)
    return text


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def test_fields(test: dict, specs: dict[str, FieldSpec], row: str) -> dict:
    """The row fields of one test, or its JSON when the row cannot say it exactly."""
    fields = _row(test, specs, row)
    if fields is None or read_test(fields, specs, row)[0] != test:
        return {f"{row}.json": dumped(test)}
    return fields


def _row(test: Any, specs: dict[str, FieldSpec], row: str) -> dict | None:
    if not isinstance(test, dict) or "all" in test or "any" in test:
        return None
    spec = specs.get(test.get("field"))
    op = test.get("op")
    if spec is None:
        return None
    out = {f"{row}.field": spec.name, f"{row}.op": op}
    value = test.get("value")
    if op == "is_set":
        out[f"{row}.op"] = "is_empty" if value is False else "is_set"
    elif op in ("in", "not_in") and spec.type == "choice":
        out.update(tick(f"{row}.values", list(value) if isinstance(value, list) else []))
    elif op in ("in", "not_in"):
        out[f"{row}.value"] = ", ".join(_shown(v) for v in value or [])
    else:
        out[f"{row}.value"] = _shown(value)
    return out


def read_test(fields: dict, specs: dict[str, FieldSpec], row: str) -> tuple[Any, list[str]]:
    """The test a row says (and the problems of its JSON box, if it has one)."""
    if f"{row}.json" in fields:
        return loaded(fields[f"{row}.json"], row)
    name = fields.get(f"{row}.field", "")
    spec = specs.get(name)
    op = fields.get(f"{row}.op", "eq")
    if op == "is_set":
        return {"field": name, "op": "is_set"}, []
    if op == "is_empty":
        return {"field": name, "op": "is_set", "value": False}, []
    if op in ("in", "not_in") and spec is not None and spec.type == "choice":
        value: Any = ticked(fields, f"{row}.values")
    elif op in ("in", "not_in"):
        parts = fields.get(f"{row}.value", "").split(",")
        value = [_typed(spec, p.strip()) for p in parts if p.strip()]
    else:
        value = _typed(spec, fields.get(f"{row}.value", ""))
    return {"field": name, "op": op, "value": value}, []


def conditions_fields(conditions: Any, specs: dict[str, FieldSpec]) -> dict:
    """The builder fields of a policy's conditions."""
    out: dict = {"match": "all", "c.count": "0"}
    if conditions in (None, {}):
        return out
    groups = [k for k in ("all", "any") if isinstance(conditions, dict) and k in conditions]
    items = conditions.get(groups[0]) if groups else None
    if len(groups) != 1 or len(conditions) != 1 or not isinstance(items, list) or not items:
        return {**out, "conditions_json": dumped(conditions)}
    out["match"] = groups[0]
    out["c.count"] = str(len(items))
    for index, test in enumerate(items):
        out.update(test_fields(test, specs, f"c{index}"))
    return out


def read_conditions(fields: dict, specs: dict[str, FieldSpec]) -> tuple[Any, list[str]]:
    """The conditions the builder fields say, and the problems of their JSON boxes."""
    if "conditions_json" in fields:
        found, problems = loaded(fields["conditions_json"], "conditions")
        return ({} if found is None else found), problems
    tests, problems = [], []
    for index in range(_count(fields.get("c.count"))):
        test, found = read_test(fields, specs, f"c{index}")
        problems += found
        tests.append(test)
    if not tests:
        return {}, problems
    return {fields.get("match") if fields.get("match") == "any" else "all": tests}, problems


def _count(text: Any) -> int:
    try:
        return max(0, min(int(text or 0), 200))
    except ValueError:
        return 0
