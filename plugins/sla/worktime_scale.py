"""A calendar's working-time scale: where each UTC instant stands in working time.

The UTC timeline is cut into *chunks* of 256 days. A chunk keeps the UTC working intervals
that fall inside it (each local date's wall-clock intervals mapped to UTC with the offset in
force, so daylight saving gaps and folds are exact) and the working time done by the end of
each. Chunks are grouped 4 to an *era* (about 2.8 years), which keeps the working time done
before each of its chunks; the working time of runs of whole eras is kept too. All are
built on first use and cached on the calendar, which is immutable: a changed stored
calendar is a new ``WorkCalendar`` (see ``calendars.py``).

A *position* is an era number and the working microseconds from that era's start; so
``between`` costs a few dictionary lookups and bisects whatever the span, and ``deadline``
the same plus one step per 2.8 years of work it adds. The scale ends with the years
``datetime`` supports: there is no working time outside them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import UTC, datetime
from itertools import accumulate

from plugins.sla.worktime_days import DayRules
from plugins.sla.worktime_week import DAY, SECOND, CalendarError
from plugins.sla.worktime_zone import ZoneOffsets, to_instant

CHUNK = 256 * DAY
"""Length of a chunk of the UTC timeline, in microseconds."""

ERA_CHUNKS = 4
"""Chunks per era (about 2.8 years)."""

_FIRST = to_instant(datetime(1, 1, 2, tzinfo=UTC))
_STOP = to_instant(datetime(9999, 12, 31, tzinfo=UTC))
"""Instants with working time lie in [_FIRST, _STOP): local dates there exist in every zone."""

_IDLE_ERAS = -(-20 * 366 * DAY // (ERA_CHUNKS * CHUNK))
"""A deadline search that crosses this many eras without working time gives up (20+ years)."""


class Chunk:
    """The working intervals of one 256-day piece of the UTC timeline."""

    __slots__ = ("done", "ends", "starts", "total")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        """Keep sorted, non-overlapping UTC spans [start, end) with their running totals."""
        self.starts = tuple(start for start, _ in spans)
        self.ends = tuple(end for _, end in spans)
        self.done = tuple(accumulate(end - start for start, end in spans))
        """``done[i]``: working microseconds from the chunk's start to ``ends[i]``."""
        self.total = self.done[-1] if spans else 0

    def position(self, instant: int) -> int:
        """Working microseconds from the chunk's start to ``instant`` (inside the chunk)."""
        index = bisect_right(self.starts, instant) - 1
        if index < 0:
            return 0
        end = self.ends[index]
        return self.done[index] - end + instant if instant < end else self.done[index]

    def between(self, first: int, stop: int) -> int:
        """Working microseconds from ``first`` to ``stop``, both inside the chunk (first <= stop).

        ``position(stop) - position(first)`` in one call: this is the hot path.
        """
        starts, ends, done = self.starts, self.ends, self.done
        index = bisect_right(starts, stop) - 1
        if index < 0:
            return 0
        end = ends[index]
        after = done[index] - end + stop if stop < end else done[index]
        index = bisect_right(starts, first, 0, index + 1) - 1
        if index < 0:
            return after
        end = ends[index]
        return after - (done[index] - end + first if first < end else done[index])

    def instant_at(self, position: int) -> int:
        """The earliest instant at which ``position`` (0 < position <= total) is reached."""
        index = bisect_left(self.done, position)
        return self.ends[index] - (self.done[index] - position)

    def is_working(self, instant: int) -> bool:
        """Whether ``instant`` lies inside one of the chunk's working spans."""
        index = bisect_right(self.starts, instant) - 1
        return index >= 0 and instant < self.ends[index]


class WorkScale:
    """Positions of UTC instants (microseconds) in a calendar's working time, and back."""

    def __init__(self, rules: DayRules, offsets: ZoneOffsets) -> None:
        self._rules = rules
        self._offsets = offsets
        self._chunks: dict[int, Chunk] = {}
        self._eras: dict[int, tuple[int, ...]] = {}
        self._runs: dict[tuple[int, int], int] = {}

    def chunk(self, number: int) -> Chunk:
        """The chunk with this number (instants ``number * CHUNK`` onwards), cached."""
        found = self._chunks.get(number)
        if found is None:
            found = self._chunks[number] = Chunk(self._spans(number * CHUNK))
        return found

    def era(self, number: int) -> tuple[int, ...]:
        """Working time done before each chunk of an era, from its start (5 values)."""
        found = self._eras.get(number)
        if found is None:
            first = number * ERA_CHUNKS
            totals = (self.chunk(first + index).total for index in range(ERA_CHUNKS))
            found = self._eras[number] = tuple(accumulate(totals, initial=0))
        return found

    def is_working(self, instant: int) -> bool:
        """Whether an instant is working time."""
        return self.chunk(instant // CHUNK).is_working(instant)

    def between(self, first: int, stop: int) -> int:
        """Working microseconds from ``first`` to ``stop`` (first <= stop)."""
        first_chunk, stop_chunk = first // CHUNK, stop // CHUNK
        chunk = self._chunks.get(stop_chunk) or self.chunk(stop_chunk)
        if first_chunk == stop_chunk:
            return chunk.between(first, stop)
        # Positions from era starts; building an era builds its chunks.
        eras, chunks = self._eras, self._chunks
        first_era, first_index = divmod(first_chunk, ERA_CHUNKS)
        stop_era, stop_index = divmod(stop_chunk, ERA_CHUNKS)
        counted = (eras.get(stop_era) or self.era(stop_era))[stop_index] + chunk.position(stop)
        table = eras.get(first_era) or self.era(first_era)
        if stop_era == first_era + 1:
            counted += table[-1]
        elif stop_era > first_era:
            counted += self._runs.get((first_era, stop_era)) or self._run(first_era, stop_era)
        return counted - table[first_index] - chunks[first_chunk].position(first)

    def deadline(self, instant: int, amount: int, *, near_first: bool) -> int:
        """The earliest instant by which ``amount`` (> 0) working microseconds after
        ``instant`` are done.

        With ``near_first`` the deadline is first sought in the start's own chunk (the
        usual case for short deadlines, without building the era); otherwise, or when the
        chunk lacks the work, by bisecting the era's table of chunk positions.
        """
        number = instant // CHUNK
        chunk = self._chunks.get(number) or self.chunk(number)
        target = chunk.position(instant) + amount
        if near_first and target <= chunk.total:
            return chunk.instant_at(target)
        era_number, index = divmod(number, ERA_CHUNKS)
        table, idle = self._eras.get(era_number) or self.era(era_number), 0
        target += table[index]
        while target > table[-1]:
            target -= table[-1]
            idle = 0 if table[-1] else idle + 1
            era_number += 1
            start = era_number * ERA_CHUNKS * CHUNK
            if start >= _STOP:
                raise ValueError("the result lies outside the years datetime supports (1..9999)")
            if idle >= _IDLE_ERAS:
                raise CalendarError(f"no working time in the 20 years before {_utc(start)}")
            table = self.era(era_number)
        index = bisect_left(table, target) - 1
        return self._chunks[era_number * ERA_CHUNKS + index].instant_at(target - table[index])

    def _run(self, first: int, stop: int) -> int:
        """Working microseconds of eras ``first`` .. ``stop - 1``, kept for the next time."""
        total = self._runs[first, stop] = sum(self.era(number)[-1] for number in range(first, stop))
        return total

    def _spans(self, start: int) -> list[tuple[int, int]]:
        """UTC working spans of the chunk that starts at ``start``, in order.

        The chunk is cut at the zone's offset changes; in each piece of constant offset,
        the wall clock reads UTC plus that offset, so each local date's intervals are
        mapped back to UTC by subtracting it, then clipped to the piece.
        """
        low, high = max(start, _FIRST), min(start + CHUNK, _STOP)
        if low >= high:
            return []
        offsets = self._offsets
        cuts = [(low, offsets.offset(low))]
        cuts += [(at, after) for at, _, after in offsets.changes_between(low - 1, high)]
        spans: list[tuple[int, int]] = []
        for index, (since, offset) in enumerate(cuts):
            until = cuts[index + 1][0] if index + 1 < len(cuts) else high
            first_day = (since + offset) // DAY
            days = self._rules.hours_of_days(first_day, (until + offset - 1) // DAY + 1)
            shift = first_day * DAY - offset
            midnights = range(shift, shift + len(days) * DAY, DAY)
            piece = [
                (midnight + begin, midnight + end)
                for midnight, hours in zip(midnights, days, strict=True)
                for begin, end in hours
            ]
            spans += _clip(piece, since, until)
        return spans


def _clip(spans: list[tuple[int, int]], since: int, until: int) -> list[tuple[int, int]]:
    """The parts of sorted, non-overlapping spans that lie within [since, until)."""
    head, tail = 0, len(spans)
    while head < tail and spans[head][1] <= since:
        head += 1
    while tail > head and spans[tail - 1][0] >= until:
        tail -= 1
    kept = spans[head:tail]
    if kept:
        kept[0] = (max(kept[0][0], since), kept[0][1])
        kept[-1] = (kept[-1][0], min(kept[-1][1], until))
    return kept


def _utc(instant: int) -> str:
    """An instant for messages, in UTC."""
    return datetime.fromtimestamp(instant // SECOND, UTC).isoformat()
