"""The organisation's departments as the CRM sees them: through the ``departments()`` hook,
never by importing the plugin that keeps them (HR).

A ticket stores the department *code* (``CARE``): SLA policies, routing to the department's
head and the API work with codes. People see and choose departments by *name*.
"""

from __future__ import annotations

from flask import current_app, g, has_app_context

#: ``flask.g`` key of the names looked up for display during one request
NAMES_KEY = "crm_department_names"


def listed_departments() -> list[tuple[str, str]] | None:
    """``(code, name)`` of every department the plugins list, or None when none answers."""
    host = current_app.extensions["nhip"]
    answers = [pairs for pairs in host.hook.departments() if pairs]
    if not answers:
        return None
    return [(str(code), str(name)) for pairs in answers for code, name in pairs]


def department_codes() -> list[str] | None:
    """Department codes from the ``departments`` hook, or None when no plugin answers."""
    pairs = listed_departments()
    return None if pairs is None else [code for code, _name in pairs]


def known_department(code: str) -> str | None:
    """The organisation's spelling of department ``code`` (case ignored), or None if unknown.

    Any code is accepted while no plugin lists departments.
    """
    codes = department_codes()
    if codes is None:
        return code
    wanted = code.strip().casefold()
    for known in codes:
        if known.casefold() == wanted:
            return known
    return None


def department_name(code: str | None) -> str | None:
    """The name of department ``code`` for display (None when unknown or outside a request).

    The list is asked once per request (or app context) and kept in ``flask.g``, so that a
    page or an API answer of many tickets calls the hook once; checks of writes use
    ``known_department``, which always asks afresh.
    """
    if not code or not has_app_context():
        return None
    names = g.get(NAMES_KEY)
    if names is None:
        names = {c.casefold(): n for c, n in listed_departments() or []}
        setattr(g, NAMES_KEY, names)
    return names.get(code.casefold())
