"""What an SLA badge says, in two steps.

``phrase`` reduces a clock's status and working minutes left to the few values its sentence
depends on (which sentence, and how many whole minutes); ``sentence`` words a phrase in the
viewer's language. A page words each phrase through ``PageWords.shared``, so a list read again
within the minute (by anyone with the same language and zone) words each of its badges once.
"""

from __future__ import annotations

from datetime import datetime

from plugins.sla.badge_words import PageWords
from plugins.sla.status import AT_RISK, BREACHED, ON_TRACK, PAUSED

#: overdue by more than this (working minutes), a breach says since which day it is late
LONG_OVERDUE = 24 * 60
#: overdue by less than this (working minutes: outside working hours), it says when it broke
JUST_BREACHED = 1


def whole(minutes: float) -> int:
    """Working minutes as the whole minutes a badge shows (rounded, never below 0)."""
    return max(0, int(minutes + 0.5))


def phrase(status: str, left: float, has_deadline: bool) -> tuple:
    """The sentence a status says with ``left`` working minutes (negative: overdue): a key
    such as ``("left", 130)``, ``("ago", 200)`` or ``("since",)``.

    A breach overdue by more than ``LONG_OVERDUE`` says since which day ("breached since
    12/11"); one overdue by less than a working minute (it broke outside working hours) says
    when ("breached at 17:30"); others how long ago in working time ("breached 3h 20m ago").
    Without a deadline a breach can only say how long ago."""
    if status == ON_TRACK:
        return ("left", whole(left))
    if status == AT_RISK:
        return ("at_risk", whole(left))
    if status == BREACHED:
        if has_deadline and -left > LONG_OVERDUE:
            return ("since",)
        if has_deadline and -left < JUST_BREACHED:
            return ("at",)
        return ("ago", whole(-left))
    if status == PAUSED:
        if left < 0:
            return ("paused_overdue", whole(-left))
        if left < JUST_BREACHED and has_deadline:
            return ("paused_due",)
        return ("paused_left", whole(left))
    return (status,)


def sentence(said: tuple, deadline: datetime | None, now: datetime | None, words: PageWords) -> str:
    """The words of a ``phrase`` ("2h 10m left", "breached since 12/11"); ``deadline`` is the
    instant a breach is dated by, ``now`` tells whether that is today."""
    kind = said[0]
    if kind == "left":
        return words._("%(time)s left", time=minutes_text(said[1], words))
    if kind == "at_risk":
        return words._("at risk, %(time)s left", time=minutes_text(said[1], words))
    if kind == "since":
        return words._("breached since %(date)s", date=words.date(deadline, short=True))
    if kind == "at":
        return words._("breached at %(time)s", time=words.moment(deadline, now))
    if kind == "ago":
        return words._("breached %(time)s ago", time=minutes_text(said[1], words))
    if kind == "paused_overdue":
        return words._("paused, %(time)s overdue", time=minutes_text(said[1], words))
    if kind == "paused_due":
        return words._("paused, overdue")
    if kind == "paused_left":
        return words._("paused, %(time)s left", time=minutes_text(said[1], words))
    return words.status(kind)


def minutes_text(total: int, words: PageWords) -> str:
    """Whole working minutes as "2h 10m" / "2 giờ 10 phút"; days are not used (a working day
    varies)."""
    hours, mins = divmod(total, 60)
    if hours and mins:
        return words._("%(h)dh %(m)dm", h=hours, m=mins)
    if hours:
        return words._("%(h)dh", h=hours)
    return words._("%(m)dm", m=mins)
