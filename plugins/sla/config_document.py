"""Reading an SLA configuration document safely, before its meaning is checked.

A document comes from a file (``nhip sla import``, the import page) or from the policy form's
JSON boxes. What no meaning could fix is refused here, each problem with its place: a document
too large, text that is not JSON, ``NaN`` and ``Infinity`` (Python's parser accepts them, no
database column does), numbers too large to be read, nesting deeper than any real document
needs, and text a database cannot store (NUL characters, unpaired surrogates) or too long for
any field. Pure: no Flask, no database.
"""

from __future__ import annotations

import json
import math
from typing import Any

#: the largest document read (a real configuration is a few kilobytes)
MAX_BYTES = 1_000_000
#: the deepest nesting of lists and objects (conditions nest groups; ten levels is generous)
MAX_DEPTH = 16
#: the longest text anywhere in a document (a webhook address, a message)
MAX_TEXT = 2_000
#: the most problems listed for one document (the rest are counted)
MAX_PROBLEMS = 100
#: the longest a value is quoted in a problem
QUOTE = 60


class _Refused(ValueError):
    """A number the document may not hold (``NaN``, ``Infinity``, ``1e999``)."""


def read(text: str | bytes, where: str = "document") -> tuple[Any, list[str]]:
    """The parsed document and the problems of reading it (the document is None if any);
    ``where`` names it in problems (``"document"``, or a form box such as ``"targets"``)."""
    size = len(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    if size > MAX_BYTES:
        return None, [f"{where}: larger than {MAX_BYTES:,} bytes"]
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, [f"{where}: not UTF-8 text (byte {exc.start})"]
    try:
        doc = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        return None, [f"{where}: not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})"]
    except _Refused as exc:
        return None, [f"{where}: {exc}"]
    except RecursionError:
        return None, [f"{where}: nested deeper than {MAX_DEPTH} levels"]
    except ValueError as exc:  # an integer of thousands of digits
        return None, [f"{where}: cannot be read ({exc})"[:200]]
    problems = check(doc, "" if where == "document" else where)
    return (None if problems else doc), problems


def check(value: Any, where: str = "") -> list[str]:
    """What no database could store in ``value``, wherever it is: nesting deeper than
    ``MAX_DEPTH``, numbers that are not finite, text with NUL characters or unpaired
    surrogates or longer than ``MAX_TEXT``. Places start at ``where`` (a whole document's
    parts are named from its top: ``policies[0].name``)."""
    problems: list[str] = []
    stack: list[tuple[Any, str, int]] = [(value, where, 0)]
    while stack:
        item, path, depth = stack.pop()
        place = path or "document"
        if isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                problems.append(f"{place}: nested deeper than {MAX_DEPTH} levels")
                continue
            if isinstance(item, dict):
                children = []
                for key, child in item.items():
                    key_problem = text_problem(key) if isinstance(key, str) else "a key not text"
                    if key_problem:
                        problems.append(f"{place}: key {quote(key)}: {key_problem}")
                        continue
                    children.append((child, f"{path}.{key}" if path else key, depth + 1))
            else:
                children = [(child, f"{path}[{i}]", depth + 1) for i, child in enumerate(item)]
            stack.extend(reversed(children))
        elif isinstance(item, float) and not math.isfinite(item):
            problems.append(f"{place}: {item} is not a finite number")
        elif isinstance(item, str):
            problem = text_problem(item)
            if problem:
                problems.append(f"{place}: {problem}")
        elif item is not None and not isinstance(item, bool | int | float):
            problems.append(f"{place}: {type(item).__name__} is not a JSON value")
    return problems


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None."""
    if len(text) > MAX_TEXT:
        return f"text of {len(text):,} characters; at most {MAX_TEXT:,}"
    if "\x00" in text:
        return "contains a NUL character"
    if any("\ud800" <= c <= "\udfff" for c in text):
        return "contains an unpaired surrogate (not Unicode text)"
    return None


def quote(value: Any) -> str:
    """``value`` as a problem shows it: its ``repr``, cut short."""
    shown = repr(value)
    return shown if len(shown) <= QUOTE else shown[: QUOTE - 1] + "…"


def capped(problems: list[str]) -> list[str]:
    """At most ``MAX_PROBLEMS`` problems, each at most a few hundred characters."""
    kept = [p if len(p) <= 300 else p[:299] + "…" for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        kept.append(f"… and {len(problems) - MAX_PROBLEMS} more problem(s)")
    return kept


def _no_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number a configuration may hold")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"{quote(text)} is too large a number")
    return value
