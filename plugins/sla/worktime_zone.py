"""UTC offsets of a time zone and the instants at which they change.

The working-time scale cuts the UTC timeline at offset changes (daylight saving time):
between two, local wall-clock time is UTC plus a fixed amount, so each local date's
wall-clock intervals map to UTC by subtracting it. Changes are listed with the offsets on
both sides.

Instants are integer microseconds since 1970-01-01 00:00 UTC. ``zoneinfo`` does not
publish its transition list, so changes are found by sampling the offset once a day
and bisecting to the second; two changes less than a day apart (none in current
tzdata) would be missed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from plugins.sla.worktime_week import DAY, SECOND, CalendarError

UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = UNIX_EPOCH.date().toordinal()
ONE_MICROSECOND = timedelta(microseconds=1)
_DAY_SECONDS = DAY // SECOND


def load_zone(name: str | ZoneInfo) -> ZoneInfo:
    """The IANA time zone of that name, or a CalendarError naming the problem."""
    if isinstance(name, ZoneInfo):
        return name
    if not isinstance(name, str) or not name:
        raise CalendarError(
            f"time zone must be an IANA name such as 'Asia/Ho_Chi_Minh', not {name!r}"
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise CalendarError(f"unknown time zone {name!r}") from error


Change = tuple[int, int, int]
"""An offset change: (UTC instant, offset before, offset after), all in microseconds."""


class ZoneOffsets:
    """Offsets of one zone at UTC instants, and the instants at which they change."""

    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone
        self._changes: dict[int, tuple[Change, ...]] = {}

    def offset(self, instant: int) -> int:
        """UTC offset (microseconds) in force at a UTC instant."""
        return self._offset_at_second(instant // SECOND) * SECOND

    def changes_between(self, first: int, stop: int) -> list[Change]:
        """Offset changes at instants strictly between ``first`` and ``stop``, in order."""
        found: list[Change] = []
        for year in range(_utc_year(first), _utc_year(stop) + 1):
            found.extend(c for c in self._year_changes(year) if first < c[0] < stop)
        return found

    def _offset_at_second(self, second: int) -> int:
        """UTC offset in whole seconds at a UTC second."""
        local = datetime.fromtimestamp(second, self._zone)
        offset = self._zone.utcoffset(local)
        assert offset is not None
        return offset // timedelta(seconds=1)

    def _year_changes(self, year: int) -> tuple[Change, ...]:
        """Offset changes at instants within a UTC year, in order (cached)."""
        cached = self._changes.get(year)
        if cached is None:
            cached = self._changes[year] = self._find_changes(year)
        return cached

    def _find_changes(self, year: int) -> tuple[Change, ...]:
        first, stop = _year_start(year), _year_start(year + 1)
        # From the previous year's last second (a change right at ``first`` is this
        # year's) to this year's last second (one right at ``stop`` is the next year's).
        before_first = first - 1 if year > 1 else first
        samples = [before_first, *range(first, stop - 1, _DAY_SECONDS)[1:], stop - 1]
        offsets = [self._offset_at_second(second) for second in samples]
        changes = []
        for index in range(len(samples) - 1):
            before = offsets[index]
            if before != offsets[index + 1]:
                second = self._bisect(samples[index], samples[index + 1], before)
                after = self._offset_at_second(second)
                changes.append((second * SECOND, before * SECOND, after * SECOND))
        return tuple(changes)

    def _bisect(self, low: int, high: int, low_offset: int) -> int:
        """First second in (low, high] whose offset differs from ``low_offset``."""
        while high - low > 1:
            middle = (low + high) // 2
            if self._offset_at_second(middle) == low_offset:
                low = middle
            else:
                high = middle
        return high


def _utc_year(instant: int) -> int:
    """The UTC calendar year of an instant."""
    return datetime.fromtimestamp(instant // SECOND, UTC).year


def _year_start(year: int) -> int:
    """UTC second at which a year starts (year 10000: just after the last datetime)."""
    ordinal = date(year, 1, 1).toordinal() if year <= date.max.year else date.max.toordinal() + 1
    return (ordinal - _EPOCH_ORDINAL) * _DAY_SECONDS


def to_instant(moment: datetime, name: str = "instant") -> int:
    """Microseconds since the epoch of an aware datetime; naive ones are refused."""
    try:  # the usual case first: anything but an aware datetime cannot be subtracted
        return (moment - UNIX_EPOCH) // ONE_MICROSECOND
    except TypeError:
        pass
    if not isinstance(moment, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{name} {moment.isoformat()} has no time zone: pass an aware datetime "
            "(e.g. datetime(..., tzinfo=ZoneInfo('Asia/Ho_Chi_Minh')))"
        )
    return (moment - UNIX_EPOCH) // ONE_MICROSECOND


def from_instant(instant: int, zone: ZoneInfo) -> datetime:
    """The aware datetime, in ``zone``, of an instant in microseconds since the epoch."""
    try:
        return (UNIX_EPOCH + timedelta(microseconds=instant)).astimezone(zone)
    except OverflowError as error:
        raise ValueError("the result lies outside the years datetime supports (1..9999)") from error
