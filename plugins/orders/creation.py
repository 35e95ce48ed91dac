"""When a product or an order is created: now, or the past instant a replay names.

Demo data and imports from another system replay documents that were made in the past; inside
``dated(at)`` new documents get ``created_at = at`` from the start, so that everything computed
on creation — above all the year of an order's number (``plugins.orders.numbering``) — follows
the replayed instant rather than the moment of the load.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from core.db import utcnow

_REPLAYED: ContextVar[datetime | None] = ContextVar("orders_replayed_creation", default=None)


def creation_time() -> datetime:
    """The ``created_at`` of a new product or order: now, or the instant of ``dated``."""
    return _REPLAYED.get() or utcnow()


@contextmanager
def dated(at: datetime) -> Iterator[None]:
    """Create products and orders inside this block as if at ``at`` (an aware instant)."""
    token = _REPLAYED.set(at)
    try:
        yield
    finally:
        _REPLAYED.reset(token)
