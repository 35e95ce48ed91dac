"""Benchmark of working-time arithmetic against two public packages, on the same inputs.

Run ``python bench/bench_worktime.py`` (``make bench`` installs the ``bench`` extra, which
brings the baselines). One calendar, defined the same way for all three: Monday to Friday
08:00-17:00 in Vietnam, with Vietnam's public holidays of 2025-2028 as days off (given as a
list of dates, which all three accept). Inputs, drawn with a fixed seed:

* 500 spans: a start at a random minute of 2026, an end up to 30 days later;
  ``working_minutes`` against ``businesstime``'s ``businesstimedelta``;
* 500 deadlines: a random start in 2026 plus 1 minute to 10 working days;
  ``add`` against ``businesstimedelta`` (``start + BusinessTimeDelta``): ``businesstime``
  has no addition.

Each answer is compared; where the two differ, a minute-by-minute count says which is right
(goal: no wrong answer of ours). Then each side is timed over all 500 in interleaved rounds:
the speed-up is the median over rounds of the baseline's time over ours in the same round.
Also: deadlines per second, the cost of adding 10,000 working hours against 8 and of counting
5 years against 1 day (the tables make them equal), and a fresh calendar's first call (no
goal). Caches are warm unless said otherwise. Entries go to ``bench/results.json``.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from statistics import median
from zoneinfo import ZoneInfo

import holidays

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import results  # noqa: E402

from plugins.sla.worktime import WorkCalendar  # noqa: E402

ZONE_NAME = "Asia/Ho_Chi_Minh"
ZONE = ZoneInfo(ZONE_NAME)
OPEN, CLOSE = clock_time(8), clock_time(17)
DAY_MINUTES = 9 * 60
COUNT = 500
ROUNDS = 21
SPEED_GOAL = 10.0
RATE_GOAL = 100_000
FLAT_GOAL = 1.5
"""Long span / short span cost: the tables make them the same (1 = equal)."""


def days_off() -> list[date]:
    """Vietnam's public holidays of 2025-2028."""
    official = holidays.country_holidays("VN", years=range(2025, 2029), language="en_US")
    return sorted(official)


def our_calendar(off: Sequence[date]) -> WorkCalendar:
    return WorkCalendar(
        timezone=ZONE_NAME, week={day: ["08:00-17:00"] for day in range(5)}, holidays=off
    )


def random_starts(rng: random.Random) -> list[datetime]:
    """Naive local starts at random minutes of 2026."""
    first = datetime(2026, 1, 1)
    return [first + timedelta(minutes=rng.randrange(365 * 1440)) for _ in range(COUNT)]


def rounds(contenders: dict[str, Callable[[], object]], calls: int) -> dict[str, list[float]]:
    """Microseconds per call of each contender in each of the interleaved rounds."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for number in range(ROUNDS):
        order = list(contenders.items())
        for name, action in order if number % 2 else reversed(order):
            begin = time.perf_counter()
            action()
            times[name].append((time.perf_counter() - begin) / calls * 1e6)
    return times


def paired(times: dict[str, list[float]], slow: str, fast: str) -> float:
    """Median over rounds of one contender's time over the other's, in the same round."""
    return median(s / f for s, f in zip(times[slow], times[fast], strict=True))


def counted_by_minute(start: datetime, end: datetime, off: set[date]) -> int:
    """Working minutes of a naive local span, one minute at a time (settles disagreements)."""
    minutes, moment = 0, start
    while moment < end:
        if moment.weekday() < 5 and moment.date() not in off and OPEN <= moment.time() < CLOSE:
            minutes += 1
        moment += timedelta(minutes=1)
    return minutes


def bench_working_minutes(ours: WorkCalendar, off: Sequence[date], rng: random.Random) -> list:
    from businesstime import BusinessTime

    theirs = BusinessTime(business_hours=(OPEN, CLOSE), holidays=list(off))
    naive = [(s, s + timedelta(minutes=rng.randrange(30 * 1440))) for s in random_starts(rng)]
    aware = [(s.replace(tzinfo=ZONE), e.replace(tzinfo=ZONE)) for s, e in naive]

    def their_minutes(start: datetime, end: datetime) -> float:
        delta = theirs.businesstimedelta(start, end)  # whole business days + the rest
        return delta.days * DAY_MINUTES + delta.seconds / 60

    disagree = [
        (a, n)
        for a, n in zip(aware, naive, strict=True)
        if ours.working_minutes(*a) != their_minutes(*n)
    ]
    wrong = sum(ours.working_minutes(*a) != counted_by_minute(*n, set(off)) for a, n in disagree)
    for _, (start, end) in disagree:
        print(f"  businesstime differs on {start:%a %Y-%m-%d %H:%M} → {end:%a %Y-%m-%d %H:%M}")
    timed = rounds(
        {
            "worktime": lambda: [ours.working_minutes(s, e) for s, e in aware],
            "businesstime": lambda: [theirs.businesstimedelta(s, e) for s, e in naive],
        },
        COUNT,
    )
    return _comparison("working_minutes", "businesstime", timed, len(disagree), wrong)


def bench_add(ours: WorkCalendar, off: Sequence[date], rng: random.Random) -> tuple[list, float]:
    import pytz
    from businesstimedelta import BusinessTimeDelta, HolidayRule, Rules, WorkDayRule

    zone = pytz.timezone(ZONE_NAME)
    rules = Rules(
        [WorkDayRule(OPEN, CLOSE, [0, 1, 2, 3, 4], tz=zone), HolidayRule(list(off), tz=zone)]
    )
    minutes = [rng.randint(1, 10 * DAY_MINUTES) for _ in range(COUNT)]
    starts = [s.replace(tzinfo=ZONE) for s in random_starts(rng)]
    localised = [zone.localize(s.replace(tzinfo=None)) for s in starts]
    deltas = [BusinessTimeDelta(rules, seconds=m * 60) for m in minutes]
    pairs = list(zip(starts, minutes, strict=True))
    disagree = [
        (s, m, theirs)
        for (s, m), s_theirs, delta in zip(pairs, localised, deltas, strict=True)
        if ours.add(s, m) != (theirs := s_theirs + delta)
    ]
    naive = {start: start.replace(tzinfo=None) for start, _, _ in disagree}
    wrong = sum(
        counted_by_minute(naive[s], ours.add(s, m).replace(tzinfo=None), set(off)) != m
        for s, m, _ in disagree
    )
    for start, amount, theirs in disagree:
        print(f"  businesstimedelta differs on {start:%a %Y-%m-%d %H:%M} + {amount} min: {theirs}")
    timed = rounds(
        {
            "worktime": lambda: [ours.add(s, m) for s, m in pairs],
            "businesstimedelta": lambda: [s + d for s, d in zip(localised, deltas, strict=True)],
        },
        COUNT,
    )
    rate = 1e6 / median(timed["worktime"])
    return _comparison("add", "businesstimedelta", timed, len(disagree), wrong), rate


def _comparison(
    what: str, baseline: str, timed: dict[str, list[float]], disagree: int, wrong: int
) -> list:
    """Print and record one speed comparison; ``wrong``: our answers a minute count refutes."""
    ours, theirs = median(timed["worktime"]), median(timed[baseline])
    speed_up = paired(timed, baseline, "worktime")
    passed = speed_up >= SPEED_GOAL
    print(f"  {what:<16}{ours:8.2f} µs {theirs:10.2f} µs ({baseline}) {speed_up:7.1f}x", end="")
    print(f"   goal >= {SPEED_GOAL:g}x: {_verdict(passed)}")
    print(f"  {'':<16}answers differing: {disagree} of {COUNT}; worktime wrong: {wrong} (goal 0)")
    return [
        results.entry(f"worktime {what}, µs per call", ours, "µs", None, theirs, None),
        results.entry(
            f"worktime {what}: {baseline} / worktime",
            speed_up,
            "x",
            f">= {SPEED_GOAL:g}x",
            1.0,
            passed,
        ),
        results.entry(
            f"worktime {what}: wrong answers of {COUNT} (vs {baseline}, minute count)",
            wrong,
            "inputs",
            "= 0",
            disagree,
            wrong == 0,
        ),
    ]


def bench_flat(ours: WorkCalendar, rng: random.Random) -> list:
    """Long spans against short ones, from the same starts."""
    starts = [s.replace(tzinfo=ZONE) for s in random_starts(rng)]
    for start in starts:  # build the tables of the years involved first
        ours.add(start, 10_000 * 60)
        ours.working_minutes(start, start + timedelta(days=5 * 365))
    adds = rounds(
        {
            "8 h": lambda: [ours.add(s, 8 * 60) for s in starts],
            "10,000 h": lambda: [ours.add(s, 10_000 * 60) for s in starts],
        },
        COUNT,
    )
    counts = rounds(
        {
            "1 day": lambda: [ours.working_minutes(s, s + timedelta(days=1)) for s in starts],
            "5 years": lambda: [
                ours.working_minutes(s, s + timedelta(days=5 * 365)) for s in starts
            ],
        },
        COUNT,
    )
    entries = []
    for name, timed, (short, long) in (
        ("add 10000 h / add 8 h", adds, ("8 h", "10,000 h")),
        ("working_minutes 5 years / 1 day", counts, ("1 day", "5 years")),
    ):
        ratio = paired(timed, long, short)
        passed = ratio <= FLAT_GOAL
        print(
            f"  {name:<34}{median(timed[short]):7.2f} µs → {median(timed[long]):7.2f} µs"
            f"  {ratio:5.2f}x"
            f"   goal <= {FLAT_GOAL:g}x: {_verdict(passed)}"
        )
        entries.append(
            results.entry(f"worktime {name}", ratio, "x", f"<= {FLAT_GOAL:g}x", 1.0, passed)
        )
    return entries


def bench_cold(off: Sequence[date]) -> list:
    """A fresh calendar's first calls, which build the tables of the years they touch."""
    start = datetime(2026, 5, 8, 11, tzinfo=ZONE)
    since = datetime(2000, 1, 1, tzinfo=ZONE)  # as a clock's position on the scale is counted
    entries = []
    for name, call in (
        ("first add of 10000 h", lambda calendar: calendar.add(start, 10_000 * 60)),
        ("first count from 2000", lambda calendar: calendar.working_minutes(since, start)),
    ):
        firsts = []
        for _ in range(5):
            calendar = our_calendar(off)
            begin = time.perf_counter()
            call(calendar)
            firsts.append((time.perf_counter() - begin) * 1e3)
        cold = median(firsts)
        print(f"  {name} on a fresh calendar (tables built): {cold:.1f} ms (no goal)")
        entries.append(results.entry(f"worktime {name}, fresh calendar", cold, "ms"))
    return entries


def _verdict(passed: bool) -> str:
    return "passed" if passed else "NOT MET"


def main() -> None:
    rng = random.Random(20261129)
    off = days_off()
    ours = our_calendar(off)
    print(
        f"Working time: Mon-Fri 08:00-17:00 Vietnam, {len(off)} public holidays as days off;"
        f" {COUNT} inputs, median of {ROUNDS} interleaved rounds"
    )
    entries = bench_working_minutes(ours, off, rng)
    added, rate = bench_add(ours, off, rng)
    entries += added
    passed = rate >= RATE_GOAL
    print(f"  deadlines per second (add): {rate:,.0f}   goal >= {RATE_GOAL:,}: {_verdict(passed)}")
    entries.append(
        results.entry(
            "worktime deadlines per second", rate, "1/s", f">= {RATE_GOAL:,}/s", None, passed
        )
    )
    entries += bench_flat(ours, rng)
    entries += bench_cold(off)
    results.record(entries)


if __name__ == "__main__":
    main()
