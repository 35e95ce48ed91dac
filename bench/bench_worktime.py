"""Benchmark of working-time arithmetic: long spans must cost about as much as short ones.

Run ``python bench/bench_worktime.py``. On the Vietnamese office calendar (two
intervals a day, public holidays and make-up days from ``holidays``), it times
``add`` of 8 working hours against 10,000 working hours (about five years), and
``working_minutes`` over one day against about five years, and prints each long/short
ratio next to its target. Caches are warm (a calendar is built once and reused); the
cost of a first call that builds the holidays of new years is printed separately.
If ``businesstime`` is importable, its delta over the same spans is timed as a baseline.
"""

from __future__ import annotations

import sys
import timeit
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plugins.sla.worktime import WorkCalendar  # noqa: E402

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
STARTS = [datetime(2026, 5, 8, 11, tzinfo=ZONE), datetime(2026, 1, 28, 16, 45, tzinfo=ZONE)]
RATIO_TARGET = 20


def vn_calendar() -> WorkCalendar:
    """Monday to Friday 08:00-12:00 and 13:30-17:30, Vietnamese public holidays."""
    day = ["08:00-12:00", "13:30-17:30"]
    return WorkCalendar(
        timezone="Asia/Ho_Chi_Minh", week={weekday: day for weekday in range(5)}, country="VN"
    )


def best_microseconds(action: Callable[[], object], number: int = 2000, repeat: int = 7) -> float:
    """Best-of-``repeat`` mean time of one call, in microseconds."""
    return min(timeit.repeat(action, number=number, repeat=repeat)) / number * 1e6


def report(label: str, short: float, long: float, target: float | None = RATIO_TARGET) -> None:
    suffix = f" (target <= {target})" if target is not None else ""
    print(f"  short {short:8.2f} µs   long {long:8.2f} µs")
    print(f"{label} ratio: {long / short:.1f}{suffix}")


def bench_add(calendar: WorkCalendar) -> None:
    short = best_microseconds(lambda: [calendar.add(s, 8 * 60) for s in STARTS])
    long = best_microseconds(lambda: [calendar.add(s, 10_000 * 60) for s in STARTS])
    report("add 10000h / add 8h", short, long)


def bench_working_minutes(calendar: WorkCalendar) -> None:
    one_day = [(s, s + timedelta(days=1)) for s in STARTS]
    five_years = [(s, s + timedelta(days=5 * 365)) for s in STARTS]
    short = best_microseconds(lambda: [calendar.working_minutes(s, e) for s, e in one_day])
    long = best_microseconds(lambda: [calendar.working_minutes(s, e) for s, e in five_years])
    report("working_minutes 5y / 1d", short, long)


def bench_cold_start() -> None:
    """First use of a fresh calendar: builds five years of public holidays."""
    start = STARTS[0]
    cold = best_microseconds(lambda: vn_calendar().add(start, 10_000 * 60), number=20, repeat=3)
    warm_calendar = vn_calendar()
    warm_calendar.add(start, 10_000 * 60)
    warm = best_microseconds(lambda: warm_calendar.add(start, 10_000 * 60))
    report("add 10000h cold / warm (holiday years built on first use)", warm, cold, target=None)


def bench_businesstime_baseline(calendar: WorkCalendar) -> None:
    """Compare working_minutes with businesstime's delta (one interval a day), if installed."""
    try:
        from businesstime import BusinessTime
    except ImportError:
        return
    baseline = BusinessTime(business_hours=(time(8), time(17)), holidays=[date(2026, 9, 2)])
    naive = [s.replace(tzinfo=None) for s in STARTS]
    for label, span in (("1 day", timedelta(days=1)), ("5 years", timedelta(days=5 * 365))):
        theirs = best_microseconds(
            lambda span=span: [baseline.businesstimedelta(s, s + span) for s in naive], number=50
        )
        ours = best_microseconds(
            lambda span=span: [calendar.working_minutes(s, s + span) for s in STARTS]
        )
        report(f"businesstime / worktime over {label}", ours, theirs, target=None)


def main() -> None:
    calendar = vn_calendar()
    for start in STARTS:  # warm the per-year caches
        calendar.add(start, 10_000 * 60)
        calendar.working_minutes(start, start + timedelta(days=5 * 365))
    print(f"Vietnamese office calendar, {len(STARTS)} starts per timing, best of 7")
    bench_add(calendar)
    bench_working_minutes(calendar)
    bench_cold_start()
    bench_businesstime_baseline(calendar)


if __name__ == "__main__":
    main()
