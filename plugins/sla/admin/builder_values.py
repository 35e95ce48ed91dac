"""Small readers shared by the policy builder's parts: typed values from text inputs, ticked
boxes in their remembered order, JSON boxes. The builder's form is flat (one text per field
name), so that a page re-posted as it is (the backtest page carries it) loses nothing."""

from __future__ import annotations

import json
from typing import Any

from plugins.sla.config_document import read


def number(text: str) -> Any:
    """``"5"`` → 5, ``"5.5"`` → 5.5; text that is no number stays text (validation names it)."""
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def shown_number(value: Any) -> str:
    """A number as its input shows it (``5`` → ``"5"``, ``5.5`` → ``"5.5"``)."""
    return "" if value is None else str(value)


def numbers(text: str) -> list:
    """``"50, 80"`` → ``[50, 80]``."""
    return [number(part) for part in text.split(",") if part.strip()]


def shown_numbers(values: Any) -> str:
    """``[50, 80]`` → ``"50, 80"``."""
    return ", ".join(shown_number(v) for v in values or [])


def ticked(fields: dict, prefix: str) -> list[str]:
    """The options whose box ``PREFIX.OPTION`` is ticked: first in the order remembered in
    ``PREFIX:order`` (the order the document had), then the others in the form's order."""
    remembered = [o for o in fields.get(f"{prefix}:order", "").split("\n") if o]
    chosen = [o for o in remembered if fields.get(f"{prefix}.{o}")]
    start = f"{prefix}."
    for key, value in fields.items():
        option = key[len(start) :] if key.startswith(start) else None
        if option and value and option not in chosen:
            chosen.append(option)
    return chosen


def tick(prefix: str, chosen: list[str]) -> dict:
    """The fields ticking ``chosen`` and remembering their order."""
    out = {f"{prefix}.{o}": "1" for o in chosen}
    out[f"{prefix}:order"] = "\n".join(chosen)
    return out


def dumped(value: Any) -> str:
    """``value`` as the JSON boxes show it."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def loaded(text: str, where: str) -> tuple[Any, list[str]]:
    """The JSON of a box (None and its problems when it cannot be read)."""
    return read(text or "null", where)
