"""How an escalation action type describes its settings to the policy builder.

An ``ActionType`` may list ``options``: each setting's key and the input that fits it. The
builder then shows inputs instead of a JSON box, and reads them back into exactly the
configuration the type's ``validate`` checks. Without options, its settings are a JSON box.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    """One setting of an action: ``kind`` is ``recipients`` (people ticked from a list:
    ``responsible``, ``manager``, ``department_head``, ``role:NAME``, ``user:EMAIL``),
    ``recipient`` (one of them), ``text``, ``number``, ``choice`` (one of ``choices``),
    ``check`` (true/false) or ``ticks`` (several of ``choices``); ``default``, when set, is
    what an absent key means."""

    key: str
    kind: str
    choices: tuple[str, ...] = ()
    default: Any = None
