"""Field service: technicians' visits to customers, from scheduling to the visit report.

A third-party Nhịp plugin. This module is what the host loads (the ``nhip.plugins`` entry point
of this distribution names it): the manifest and every hook implementation live here; the
work is done in the sibling modules. Imports between them are relative, so the package also
runs when dropped into an instance's plugins folder instead of being installed.
"""

from flask_babel import lazy_gettext as _l

from core import Manifest, hookimpl
from core.auth import Permission, Role
from core.ui.menu import MenuItem

manifest = Manifest(
    name="fieldservice",
    version="1.0.0",
    label="Field service",
    description="Technician visits: scheduling, on-site work and visit reports.",
    core=">=0.1,<1",
)

from . import models  # noqa: E402,F401  (the tables join the host's metadata)
from .permissions import DISPATCH, READ, WRITE  # noqa: E402


@hookimpl
def register_entities():
    """``fieldservice.visit``: the record type this plugin owns."""
    from .entities import visit_entity

    return [visit_entity()]


@hookimpl
def register_permissions():
    """Reading visits, working them, and dispatching (scheduling and cancelling)."""
    return [
        Permission(READ, _l("See field service visits")),
        Permission(WRITE, _l("Record and progress field service visits")),
        Permission(DISPATCH, _l("Schedule, reassign and cancel field service visits")),
    ]


@hookimpl
def register_roles():
    """``technician`` works their own visits; ``dispatcher`` plans everyone's."""
    return [
        Role("technician", _l("Technician"), frozenset({READ, WRITE})),
        Role("dispatcher", _l("Dispatcher"), frozenset({READ, WRITE, DISPATCH})),
    ]


@hookimpl
def register_menu():
    """ "My route": the viewer's open visits, beside the generic visit list."""
    return [
        MenuItem(
            label=_l("My route"),
            section=manifest.label,
            permission=READ,
            endpoint="fieldservice.my_route",
            order=1,
            icon="bi-signpost-split",
        )
    ]


@hookimpl
def register_blueprints():
    """The ``fieldservice`` pages under ``/fieldservice``."""
    from .views import bp

    return [bp]


@hookimpl
def record_badges(entity, records, user):
    """Batched: an "Urgent" badge on each urgent visit of the page that is not finished yet."""
    if entity.key != "fieldservice.visit":
        return None
    from .badges import urgent_badges

    return urgent_badges(records)


@hookimpl
def demo_data(demo):
    """Two technicians, a dispatcher and a dozen visits around today."""
    from .demo import load_demo

    load_demo(demo)
