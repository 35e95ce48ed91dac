"""The HTML of badges, written in Python: a list page draws a hundred of them or more, and a
Jinja macro call per badge costs more than the rest of the row. ``macros.html``'s ``badge``
and ``badge_list`` (the macros plugin templates import) call these, so their output is the
same wherever a template draws badges.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from core.ui.badges import Badge

BADGE = Markup('<span class="badge text-bg-%s" title="%s">%s</span>')
FOLDED = Markup(
    '<span class="badge text-bg-success nhip-folded" data-folded="%d" title="%s">'
    '<i class="bi bi-check-lg" aria-hidden="true"></i>'
    '<span class="visually-hidden">%s</span></span>'
)


def badge_html(badge: Badge) -> Markup:
    """One badge: ``<span class="badge text-bg-{tone}" title="{title}">{label}</span>``."""
    return BADGE % (badge.tone, badge.title, badge.label)


def badge_list_html(badges: Iterable[Badge] | None, full: bool = False) -> Markup:
    """Badges side by side. In lists (``full`` false) the quiet ones (targets met) fold into
    one tick whose hover text (and screen-reader text) says their labels; ``full`` (a
    record's page) shows every badge."""
    badges = list(badges or ())
    shown = badges if full else [b for b in badges if not b.quiet]
    folded = [] if full else [b for b in badges if b.quiet]
    html = Markup(" ").join(badge_html(b) for b in shown)
    if folded:
        said = " · ".join(b.label for b in folded)
        html += (Markup(" ") if shown else Markup()) + FOLDED % (len(folded), said, said)
    return html
