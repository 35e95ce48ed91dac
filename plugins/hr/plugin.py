"""HR: departments, employees and their manager chain, leave requests.

The manifest and every hook implementation of the plugin; the work is done in the sibling
modules (``entities``, ``rules``, ``leave``, ``org``, ``views``, ``demo``). HR answers the org
directory hooks (``user_manager``, ``user_department``, ``department_head``, ``departments``,
``team_members``, ``department_members``) that other plugins use to reach people's managers
and teams without importing HR.
"""

from flask_babel import lazy_gettext as _l

from core import Manifest, hookimpl
from core.auth import Permission, Role
from core.ui.menu import MenuItem

manifest = Manifest(
    name="hr",
    version="0.1.0",
    label="HR",
    description="Departments, employees (manager chain) and leave requests.",
    core=">=0.1,<1",
)

from plugins.hr import models  # noqa: E402,F401  (tables known to the host's metadata)

READ = "hr.read"
WRITE = "hr.write"
APPROVE = "hr.approve"
FILE_LEAVE = "hr.leave"


@hookimpl
def register_entities():
    """``hr.department``, ``hr.employee`` and ``hr.leave_request``."""
    from plugins.hr.entities import hr_entities

    return hr_entities()


@hookimpl
def register_permissions():
    """Reading HR records, maintaining them (HR officers), deciding leave, filing one's own."""
    return [
        Permission(READ, _l("See departments, employees and leave requests")),
        Permission(WRITE, _l("Maintain departments and employees; act as HR officer")),
        Permission(APPROVE, _l("Approve or reject leave requests")),
        Permission(FILE_LEAVE, _l("Request leave")),
    ]


@hookimpl
def register_roles():
    """``hr_officer`` does everything in HR; ``manager`` decides their reports' leave;
    every ``employee`` sees the organisation and files their own leave requests (which leave
    requests anyone sees is scoped row by row: their own and their reports')."""
    return [
        Role("hr_officer", _l("HR officer"), frozenset({READ, WRITE, APPROVE, FILE_LEAVE})),
        Role("manager", _l("Manager"), frozenset({READ, APPROVE})),
        Role("employee", _l("Employee"), frozenset({READ, FILE_LEAVE})),
    ]


@hookimpl
def register_menu():
    """HR pages beside the generic department, employee and leave request lists."""
    return [
        MenuItem(_l("My leave"), manifest.label, FILE_LEAVE, "hr.my_leave", order=1, icon="bi-sun"),
        MenuItem(
            _l("Leave to decide"),
            manifest.label,
            APPROVE,
            "hr.leave_to_decide",
            order=2,
            icon="bi-check2-square",
        ),
        MenuItem(
            _l("Department tree"),
            manifest.label,
            READ,
            "hr.department_tree",
            order=3,
            icon="bi-diagram-3",
        ),
        MenuItem(
            _l("Org chart"), manifest.label, READ, "hr.org_chart", order=4, icon="bi-diagram-2"
        ),
    ]


@hookimpl
def register_blueprints():
    """The ``hr`` blueprint under ``/hr``."""
    from plugins.hr.views import bp

    return [bp]


@hookimpl
def entity_updated(entity, record, changes, actor_id):
    """A leave request changes only while a draft (HR officers: also when submitted), and only
    by its employee or an HR officer; raising aborts the update."""
    if entity.key == "hr.leave_request":
        from plugins.hr.rules import check_leave_edit

        check_leave_edit(record, changes, actor_id)


@hookimpl
def user_manager(user_id):
    """The login of ``user_id``'s manager: the nearest active manager with an active login up
    the chain (one recursive query); None at the top or for a user without an employee record."""
    from plugins.hr.org import manager_user_id

    return manager_user_id(user_id)


@hookimpl
def user_department(user_id):
    """The code of the department of ``user_id``'s employee record, or None."""
    from plugins.hr.org import department_code_of_user

    return department_code_of_user(user_id)


@hookimpl
def department_head(department):
    """The login of the head of the department with code ``department`` (case-insensitive),
    or None when the department, its head or the head's login is missing."""
    from plugins.hr.org import head_user_id

    return head_user_id(department)


@hookimpl
def departments_headed(user_id):
    """The codes of the departments whose head is ``user_id``'s employee record, by code (one
    query)."""
    from plugins.hr.org import headed_codes

    return headed_codes(user_id)


@hookimpl
def team_members(user_id):
    """The logins of the people ``user_id`` manages, directly or through others (active
    people with active logins); None for a user without an employee record."""
    from plugins.hr.org import managed_user_ids

    return managed_user_ids(user_id)


@hookimpl
def department_members(department):
    """The logins of the active people of the department with code ``department``; None
    for an unknown department."""
    from plugins.hr.org import department_user_ids

    return department_user_ids(department)


@hookimpl
def departments():
    """``(code, name)`` of every department, by name."""
    from plugins.hr.org import department_pairs

    return department_pairs()


@hookimpl
def dashboard_widgets(user):
    """For people who decide leave: the submitted requests waiting for them."""
    from plugins.hr.views import leave_to_decide_panel

    panel = leave_to_decide_panel(user)
    return [panel] if panel else None


@hookimpl
def demo_data(demo):
    """Six departments, 25 employees in a manager chain, their logins and 20 leave requests;
    the demo e-mails are listed in ``plugins.hr.demo``."""
    from plugins.hr.demo import load_demo

    load_demo(demo)
