"""SLA configuration problems in the viewer's language.

The checks (``config_schema``, ``config_goals``, ``conditions``, ``config_document`` and the
working-time calendar's own) are pure: they write each problem in English as
``place: what is wrong`` (``policies[0].targets[1].minutes: a positive whole number of working
minutes``), the form ``nhip sla import`` prints. Pages translate them when they show them
(``problem_text``, the ``|sla_problem`` filter): the place stays as it is, since it names keys
of the JSON document; what is wrong is matched against the patterns below and told in the
viewer's language, with its values (names, numbers, keys) kept. A problem no pattern knows is
shown as written.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

#: (what is wrong, as the checks write it) → its words; the first full match wins
WORDS = [
    (
        r"must be an object with 'calendars' and/or 'policies'",
        _l("must be an object with 'calendars' and/or 'policies'"),
    ),
    (r"must be an object", _l("must be an object")),
    (r"must be a list", _l("must be a list")),
    (r"must be text", _l("must be text")),
    (r"must be a number", _l("must be a number")),
    (r"must be true or false", _l("must be true or false")),
    (r"true or false", _l("true or false")),
    (r"must be a date YYYY-MM-DD", _l("must be a date YYYY-MM-DD")),
    (r"must be an ISO 8601 date and time", _l("must be an ISO 8601 date and time")),
    (r"unknown key\(s\) (?P<keys>.+)", _l("unknown keys %(keys)s")),
    (r"unknown key (?P<key>.+)", _l("unknown key %(key)s")),
    (r"key (?P<key>'.*?'|\".*?\"): (?P<problem>.+)", _l("key %(key)s: %(problem)s")),
    (r"(?P<name>.+) appears twice in this policy", _l("%(name)s appears twice in this policy")),
    (r"level (?P<at>.+) appears twice", _l("level %(at)s appears twice")),
    (r"(?P<name>.+) appears twice", _l("%(name)s appears twice")),
    (r"a non-empty list", _l("a non-empty list")),
    (r"a list of levels", _l("a list of levels")),
    (r"an object with at and actions", _l("an object with at and actions")),
    (
        r"a percentage of the goal above 0 and at most (?P<max>\d+) .*",
        _l(
            "a percentage of the goal above 0 and at most %(max)s (50 = half the time used, "
            "100 = the deadline, 150 = half the goal past it)"
        ),
    ),
    (r"nested deeper than (?P<n>\d+) levels", _l("nested deeper than %(n)s levels")),
    (r"(?P<item>.+) is not a finite number", _l("%(item)s is not a finite number")),
    (r"unknown calendar (?P<name>.+)", _l("unknown calendar %(name)s")),
    (r"unknown entity type (?P<name>.+)", _l("unknown record type %(name)s")),
    (
        r"unknown field (?P<name>.+?); known: (?P<known>.*)",
        _l("unknown field %(name)s; known: %(known)s"),
    ),
    (
        r"a positive whole number of working minutes",
        _l("a positive whole number of working minutes"),
    ),
    (r"one of (?P<choices>.+)", _l("one of %(choices)s")),
    (
        r"unknown operator (?P<op>.+?); use one of (?P<ops>.+)",
        _l("unknown operator %(op)s; use one of %(ops)s"),
    ),
    (
        r"(?P<op>\S+) needs a (?P<kind>number or date|text) field; (?P<name>.+) is (?P<type>\S+)",
        _l("%(op)s needs a %(kind)s field; %(name)s is %(type)s"),
    ),
    (
        r"a whole number between (?P<low>\S+) and (?P<high>\S+)",
        _l("a whole number between %(low)s and %(high)s"),
    ),
    (r"a whole number", _l("a whole number")),
    (
        r"at least one state that meets the target",
        _l("at least one state that meets the target"),
    ),
    (
        r"the name of an action type; known: (?P<known>.*)",
        _l("the name of an action type; known: %(known)s"),
    ),
    (r"is_set takes true or false", _l("is_set takes true or false")),
    (r"required for (?P<op>.+)", _l("required for %(op)s")),
    (r"(?P<op>\S+) takes a non-empty list", _l("%(op)s takes a non-empty list")),
    (
        r"a list of percentages between 0 and 100",
        _l("a list of percentages between 0 and 100"),
    ),
    (r"not a weekday; use (?P<days>.+)", _l("not a weekday; use %(days)s")),
    (
        r"an object of weekday \(mon\.\.sun\) to intervals",
        _l("an object of weekday (mon..sun) to intervals"),
    ),
    (r"a list of dates YYYY-MM-DD", _l("a list of dates YYYY-MM-DD")),
    (r"a list of state names", _l("a list of state names")),
    (r"text of at most (?P<n>\d+) characters", _l("text of at most %(n)s characters")),
    (
        r"(?P<item>.+) is not a state of (?P<entity>\S+); known: (?P<known>.*)",
        _l("%(item)s is not a state of %(entity)s; known: %(known)s"),
    ),
    (r"(?P<value>.+) is not a date YYYY-MM-DD", _l("%(value)s is not a date YYYY-MM-DD")),
    (r"(?P<value>.+) is before (?P<year>\d+)", _l("%(value)s is before %(year)s")),
    (
        r"a group has exactly one key, 'all' or 'any'",
        _l("a group has exactly one key, 'all' or 'any'"),
    ),
    (r"a name of 1 to 100 characters", _l("a name of 1 to 100 characters")),
    (
        r"a name without control or invisible characters",
        _l("a name without control or invisible characters"),
    ),
    (
        r"no working time in the next (?P<n>\d+) years",
        _l("no working time in the next %(n)s years"),
    ),
    (r"not valid JSON \((?P<detail>.+)\)", _l("not valid JSON (%(detail)s)")),
    (r"larger than (?P<size>\S+) bytes", _l("larger than %(size)s bytes")),
    (
        r"(?P<states>.+) is in both (?P<a>\S+) and (?P<b>\S+)",
        _l("%(states)s is in both %(a)s and %(b)s"),
    ),
    (r"(?P<value>.+) is not one of (?P<choices>.+)", _l("%(value)s is not one of %(choices)s")),
    (
        r"(?P<minutes>[\d,]+) working minutes on calendar (?P<name>.+) take more than "
        r"(?P<years>\d+) years",
        _l("%(minutes)s working minutes on calendar %(name)s take more than %(years)s years"),
    ),
    (
        r"(?P<minutes>[\d,]+) working minutes is more than (?P<years>\d+) years of work round "
        r"the clock \(at most (?P<max>[\d,]+)\)",
        _l(
            "%(minutes)s working minutes is more than %(years)s years of work round the clock "
            "(at most %(max)s)"
        ),
    ),
    (
        r"calendar (?P<name>.+?) cannot reach it: (?P<problem>.+)",
        _l("calendar %(name)s cannot reach it: %(problem)s"),
    ),
    (r"unknown time zone (?P<name>.+)", _l("unknown time zone %(name)s")),
    (
        r"unknown country code (?P<code>.+) for public holidays",
        _l("unknown country code %(code)s for public holidays"),
    ),
    (
        r"interval (?P<text>.+) is not of the form 'HH:MM-HH:MM'",
        _l("interval %(text)s is not of the form 'HH:MM-HH:MM'"),
    ),
    (
        r"interval (?P<text>.+) does not end after it starts",
        _l("interval %(text)s does not end after it starts"),
    ),
    (r"must be an object with a type", _l("must be an object with a type")),
    (
        r"unknown action (?P<kind>.+?); known: (?P<known>.*)",
        _l("unknown action %(kind)s; known: %(known)s"),
    ),
    (r"minor or major", _l("minor or major")),
    (r"a list of in_app and/or email", _l("a list of in_app and/or email")),
    (
        r"how far up the manager chain, 1 to (?P<n>\d+)",
        _l("how far up the manager chain, 1 to %(n)s"),
    ),
    (r"an http\(s\) URL", _l("an http(s) URL")),
    (r"text used to sign the payload", _l("text used to sign the payload")),
    (
        r"manager, department_head, user:EMAIL or role:NAME",
        _l("manager, department_head, user:EMAIL or role:NAME"),
    ),
    (
        r"the priority to set \(text\), optionally with field",
        _l("the priority to set (text), optionally with field"),
    ),
    (r"weekday (?P<day>\d): (?P<problem>.+)", _l("weekday %(day)s: %(problem)s")),
    (
        r"intervals (?P<a>\S+) and (?P<b>\S+) overlap",
        _l("intervals %(a)s and %(b)s overlap"),
    ),
    (
        r"give a list of 'HH:MM-HH:MM' intervals, not (?P<value>.+)",
        _l("give a list of 'HH:MM-HH:MM' intervals, not %(value)s"),
    ),
    (
        r"the week has no working interval: .*",
        _l(
            "the week has no working interval: a calendar needs working time on at least one "
            "weekday"
        ),
    ),
    (
        r"time zone must be an IANA name such as 'Asia/Ho_Chi_Minh', not (?P<value>.+)",
        _l("time zone must be an IANA name such as 'Asia/Ho_Chi_Minh', not %(value)s"),
    ),
    (
        r"(?P<day>\S+) is both a company holiday and a company workday",
        _l("%(day)s is both a company day off and a company working day"),
    ),
]
PATTERNS = [(re.compile(pattern, re.S), words) for pattern, words in WORDS]
#: "… and 12 more problem(s)" (``config_document.capped``)
MORE = re.compile(r"… and (?P<n>\d+) more problem\(s\)")


def what_text(what: str) -> str:
    """What is wrong (without its place) in the viewer's language, or as written."""
    more = MORE.fullmatch(what)
    if more:
        return str(_l("… and %(n)s more problem(s)")) % {"n": more["n"]}
    for pattern, words in PATTERNS:
        found = pattern.fullmatch(what)
        if found:
            values = found.groupdict()
            if "problem" in values:  # a problem inside a problem: told the same way
                values["problem"] = what_text(values["problem"])
            return str(words) % values
    return what


def problem_text(problem: str) -> str:
    """A checked document's problem (``place: what is wrong``) in the viewer's language,
    the place kept as written."""
    place, colon, what = str(problem).partition(": ")
    if not colon:
        return what_text(place)
    return f"{place}: {what_text(what)}"
