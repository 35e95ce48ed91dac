"""SLA: working-time calendars, policies, clocks, badges and escalations for every entity type.

The plugin knows other plugins' records only through the entity registry and the lifecycle
hooks; it imports no business plugin.
"""

from flask_babel import lazy_gettext as _l

from core import Manifest, hookimpl
from core.auth import Permission, Role
from plugins.sla import hookspecs, lifecycle

__all__ = ["hookspecs", "manifest"]  # ``hookspecs``: SLA's own hooks, read by the host

manifest = Manifest(
    name="sla",
    version="0.1.0",
    label="SLA",
    description="Working-time deadlines, badges and escalations on the records of every module.",
    core=">=0.1,<1",
)


@hookimpl
def register_permissions():
    """``sla.admin`` edits calendars, policies and switches; ``sla.read`` sees SLA timelines;
    ``sla.reports`` reads compliance reports (of every department with ``sla.admin``);
    ``sla.incidents`` sees everyone's SLA incidents (without it: one's own); ``sla.excuse``
    excuses a breach caused from outside (on records its holder may read)."""
    return [
        Permission("sla.admin", _l("Administer SLA calendars, policies and switches")),
        Permission("sla.read", _l("Read SLA timelines and reports")),
        Permission("sla.incidents", _l("See everyone's SLA incidents")),
        Permission("sla.reports", _l("Read SLA compliance reports (managers: their departments)")),
        Permission("sla.excuse", _l("Excuse SLA breaches caused from outside")),
    ]


@hookimpl
def register_roles():
    """``sla_admin`` holds every SLA permission; managers also see everyone's incidents and
    excuse breaches;
    every employee may read SLA timelines (and their own incidents)."""
    return [
        Role(
            "sla_admin",
            _l("SLA administrator"),
            frozenset({"sla.admin", "sla.read", "sla.incidents", "sla.excuse", "sla.reports"}),
        ),
        Role(
            "manager",
            _l("Manager"),
            frozenset({"sla.read", "sla.incidents", "sla.excuse", "sla.reports"}),
        ),
        Role("employee", _l("Employee"), frozenset({"sla.read"})),
    ]


@hookimpl
def register_entities():
    """``sla.incident``: missed deadlines recorded by escalations (read-only)."""
    from plugins.sla.incidents import incident_entity

    return [incident_entity()]


@hookimpl
def entity_created(entity, record, actor_id):
    """Start the clocks of the policy that matches the new record (when its type is tracked)."""
    lifecycle.on_created(entity, record, actor_id)


@hookimpl
def entity_transitioned(entity, record, from_state, to_state, actor_id, note):
    """Start, pause, resume, meet or cancel the record's clocks as its targets say."""
    lifecycle.on_transitioned(entity, record, from_state, to_state, actor_id)


@hookimpl
def entity_updated(entity, record, changes, actor_id):
    """Retarget the record's clocks when its changed fields make another policy match."""
    lifecycle.on_updated(entity, record, changes, actor_id)


@hookimpl
def register_commands():
    """``nhip sla modules|enable|disable|export|import|sweep``."""
    from plugins.sla.cli import sla_group

    return [sla_group]


@hookimpl
def periodic_tasks():
    """The escalation sweep: every minute on the workers (one sweeper at a time), every second
    in the embedded mode, where it is the server's own due-work loop. The webhook catch-up
    (calls whose job was lost are queued again): every minute on the workers, every 10 s
    embedded."""
    from flask import current_app

    from core.queue import Periodic

    redis = current_app.config["NHIP"].queue_mode == "redis"
    return [
        Periodic("sla.sweep", 60 if redis else 1, "plugins.sla.escalation.sweep.run"),
        Periodic(
            "sla.resend_lost_webhooks",
            60 if redis else 10,
            "plugins.sla.escalation.actions.webhook.resend_lost",
        ),
    ]


@hookimpl
def worker_warm_up():
    """Rehearse one firing before the worker's first job (rolled back), so that the
    escalation jobs start with their statements compiled, in the worker's process or in a
    child forked per job (``escalation.warm_up``)."""
    from plugins.sla.escalation.warm_up import rehearse_firing

    rehearse_firing()


@hookimpl
def demo_data(demo):
    """The VN office calendar and the demo policies; tracking on for the demo types."""
    from plugins.sla.demo import load

    load(demo)


@hookimpl
def record_badges(entity, records, user):
    """One badge per current target of each record (tracked types only), in one query."""
    from plugins.sla.badges import record_badges as badges

    return badges(entity, records)


@hookimpl
def list_filters(entity, user):
    """Tracked types can be filtered to records with an on-track, at-risk, breached or paused
    target, and by who answers for them (me, my team, my department, a team member)."""
    from plugins.sla.listing import responsible_filter, status_filter
    from plugins.sla.switches import is_tracked

    if not is_tracked(entity.key):
        return []
    found = [status_filter(entity), responsible_filter(entity, user)]
    return [f for f in found if f is not None]


@hookimpl
def list_sorts(entity, user):
    """Tracked types can be sorted by urgency (the nearest running deadline first)."""
    from plugins.sla.listing import urgency_sort
    from plugins.sla.switches import is_tracked

    return [urgency_sort(entity)] if is_tracked(entity.key) else []


@hookimpl
def list_default_sort(entity, user):
    """Queues of tracked types are sorted by urgency unless the viewer picks another order."""
    from plugins.sla.switches import is_tracked

    return "urgency" if is_tracked(entity.key) else None


@hookimpl
def register_blueprints():
    """The SLA pages (admin, preview) and templates; the clocks' API (excusing a breach)."""
    from plugins.sla.clock_api import bp as clock_api
    from plugins.sla.reports.api import api_bp as reports_api
    from plugins.sla.views import bp

    return [bp, clock_api, reports_api]


@hookimpl
def transition_consequences(entity, record, to_state, user):
    """Before a final move is confirmed: the running clocks it cancels, the targets it meets
    (on time or late), pauses or leaves running."""
    from plugins.sla.consequences import transition_consequences as consequences

    return consequences(entity, record, to_state) or None


@hookimpl
def record_panels(entity, record, user):
    """The SLA panel: each target's progress and the SLA timeline of the record; on a people
    record (``person_user``), that person's SLA incidents and, for those who read SLA reports,
    their figures of the month; on an incident, what it is about."""
    from plugins.sla.incident_panel import incident_about_panel, incidents_panel
    from plugins.sla.panel import panel
    from plugins.sla.reports.panel import employee_report_panel

    found = [
        panel(entity, record),
        incidents_panel(entity, record, user),
        incident_about_panel(entity, record, user),
        employee_report_panel(entity, record, user),
    ]
    return [p for p in found if p is not None]


@hookimpl
def dashboard_widgets(user):
    """ "Your deadlines": the viewer's breached and at-risk records per tracked type (and
    everyone's, for SLA admins), or a line saying all is on track; for managers and
    department heads, "Your team's deadlines": their team's, by person."""
    from plugins.sla.dashboard import deadlines_widget
    from plugins.sla.team import team_widget

    widgets = [w for w in (deadlines_widget(user), team_widget(user)) if w is not None]
    return widgets or None


@hookimpl
def register_menu():
    """SLA admin pages under Settings; the compliance report and the monthly review in the
    SLA section (beside the incidents), for holders of ``sla.reports``."""
    from core.ui.menu import MenuItem

    section = _l("Settings")
    return [
        MenuItem(_l("SLA tracking"), section, "sla.admin", endpoint="sla.overview", order=50),
        MenuItem(_l("SLA policies"), section, "sla.admin", endpoint="sla.policies", order=51),
        MenuItem(_l("SLA calendars"), section, "sla.admin", endpoint="sla.calendars", order=52),
        MenuItem(_l("SLA preview"), section, "sla.admin", endpoint="sla.preview", order=53),
        MenuItem(
            _l("Compliance report"),
            manifest.label,
            "sla.reports",
            endpoint="sla.reports",
            order=5,
            icon="bi-graph-up",
        ),
        MenuItem(
            _l("Monthly review"),
            manifest.label,
            "sla.reports",
            endpoint="sla.review_page",
            order=6,
            icon="bi-people",
        ),
    ]


@hookimpl
def working_days(first, last, entity):
    """The period's working dates in the calendar of ``entity``'s SLA policies (else the
    first calendar): HR's leave days leave out the holidays the deadlines leave out."""
    from plugins.sla.working_days import working_dates

    return working_dates(first, last, entity.key)
