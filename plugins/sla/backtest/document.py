"""The draft a configuration file gives (``nhip sla backtest FILE``): the file is read and
checked as ``nhip sla import`` reads it, and one of its policies is the one backtested (it
replaces the policy of that name if there is one, else it is new)."""

from __future__ import annotations

from typing import Any

from plugins.sla.backtest.draft import Draft
from plugins.sla.config_store import ConfigError, check, parse


def draft_from_file(content: bytes, name: str | None = None) -> Draft:
    """The draft of a file's ``content``; ``name`` picks the policy when the file holds
    several. ConfigError lists the problems, each with its place."""
    doc: Any = parse(content)
    if isinstance(doc, dict) and "targets" in doc and "policies" not in doc:
        doc = {"policies": [doc]}  # one policy, as a policy of an export reads
    check(doc)
    policies = doc.get("policies") or []
    names = [p["name"] for p in policies]
    if not policies:
        raise ConfigError(["policies: the file holds no policy to backtest"])
    if name is None and len(policies) > 1:
        raise ConfigError(
            [f"policies: {len(policies)} policies; name one with --policy ({', '.join(names)})"]
        )
    if name is not None and name not in names:
        raise ConfigError([f"--policy: no policy {name!r} in the file ({', '.join(names)})"])
    return Draft(doc, name or names[0])
