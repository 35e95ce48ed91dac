"""CRM: customers, leads and support tickets.

The manifest and every hook implementation of the plugin; the work is done in the sibling
modules (``entities``, ``rules``, ``panels``, ``views``, ``demo``).
"""

from flask_babel import lazy_gettext as _l

from core import Manifest, hookimpl
from core.auth import Permission, Role
from core.ui.menu import MenuItem

manifest = Manifest(
    name="crm",
    version="0.1.0",
    label="CRM",
    description="Customers, leads and support tickets.",
    core=">=0.1,<1",
)

from plugins.crm import models  # noqa: E402,F401  (tables known to the host's metadata)

READ = "crm.read"
WRITE = "crm.write"


@hookimpl
def register_entities():
    """``crm.customer``, ``crm.lead`` and ``crm.ticket``."""
    from plugins.crm.entities import crm_entities

    return crm_entities()


@hookimpl
def register_permissions():
    """Reading and writing CRM records."""
    return [
        Permission(READ, _l("Read customers, leads and tickets")),
        Permission(WRITE, _l("Create and change customers, leads and tickets")),
    ]


@hookimpl
def register_roles():
    """``sales`` works customers and leads, ``support`` works tickets; both read and write.
    Managers read them (escalations reach them up the management chain)."""
    return [
        Role("sales", _l("Sales"), frozenset({READ, WRITE})),
        Role("support", _l("Customer support"), frozenset({READ, WRITE})),
        Role("manager", _l("Manager"), frozenset({READ})),
    ]


@hookimpl
def register_menu():
    """ "My tickets" beside the generic customer, lead and ticket lists of the CRM section."""
    return [
        MenuItem(
            label=_l("My tickets"),
            section=manifest.label,
            permission=READ,
            endpoint="crm.my_tickets",
            order=5,
            icon="bi-person-check",
        )
    ]


@hookimpl
def register_blueprints():
    """The ``crm`` blueprint under ``/crm``."""
    from plugins.crm.views import bp

    return [bp]


@hookimpl
def entity_updated(entity, record, changes, actor_id):
    """When a customer's tier changes, its tickets' ``customer_tier`` follows in the same
    transaction (each ticket then reports its own ``entity_updated``)."""
    if entity.key == "crm.customer" and "tier" in changes:
        from plugins.crm.rules import sync_ticket_tiers

        sync_ticket_tiers(record, actor_id)


@hookimpl
def record_panels(entity, record, user):
    """A customer's page lists the customer's most recent tickets."""
    if entity.key != "crm.customer":
        return None
    from plugins.crm.panels import recent_tickets_panel

    return [recent_tickets_panel(record, user)]


@hookimpl
def dashboard_widgets(user):
    """ "My tickets": the tickets assigned to the user that still need work, for whoever has
    some and for support staff (an empty card then); nothing for anyone else."""
    from plugins.crm.panels import my_tickets_widget

    widget = my_tickets_widget(user)
    return [widget] if widget else None


@hookimpl
def demo_data(demo):
    """About 20 customers, 30 leads and 40 tickets of a Vietnamese trading company."""
    from plugins.crm.demo import load_demo

    load_demo(demo)
