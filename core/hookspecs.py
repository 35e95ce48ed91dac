"""The hooks a plugin may implement. One function per hook; its docstring is its contract;
docs/hooks.md documents each with an example (a test keeps the two in step).

Implementations run in reverse registration order (pluggy's rule): plugins are registered in
dependency order (requirements first, then by name), so a plugin's implementation runs *before*
those of the plugins it requires, and the host's own implementations run last. Hooks marked
``firstresult`` stop at the first non-None answer. Only enabled plugins are called, except for
``register_blueprints`` and ``register_commands`` (read at start-up from every plugin that
loaded without error).
"""

from __future__ import annotations

from core.hookmarkers import hookspec


@hookspec
def register_blueprints():
    """Called once at start-up, for every plugin that loaded (enabled or not: a disabled
    plugin's routes answer 404). Return a list of Flask blueprints to mount; every view in them
    needs an access marker: ``core.auth.requires``, ``login_only`` or ``public``."""


@hookspec
def register_entities():
    """Called when the plugin set is (re)built. Return a list of ``core.entities.EntityType``
    that this plugin owns; the registry keys them by ``EntityType.key``."""


@hookspec
def register_permissions():
    """Called when the plugin set is (re)built. Return a list of ``core.auth.Permission``
    (name such as ``orders.read`` and a label) that this plugin's routes and records check."""


@hookspec
def register_roles():
    """Called when the plugin set is (re)built. Return a list of ``core.auth.Role``; roles with
    the same name from several plugins are merged (their permissions are united)."""


@hookspec
def register_menu():
    """Called for every page render. Return a list of ``core.ui.menu.MenuItem``; the shell shows
    only the items whose permission the viewer holds, grouped by section."""


@hookspec
def register_commands():
    """Called when the ``nhip`` command line is assembled, for every plugin that loaded. Return
    a list of click commands or groups to add under ``nhip``."""


@hookspec
def app_ready(app):
    """Called once the application and its plugins are ready, inside an application context,
    and for a plugin enabled while the application runs, when it becomes enabled. Return value
    ignored."""


@hookspec
def entity_created(entity, record, actor_id):
    """Called by ``core.records.create`` after a record is added and flushed, inside the same
    transaction: raising aborts the creation and nothing is committed."""


@hookspec
def entity_updated(entity, record, changes, actor_id):
    """Called by ``core.records.update`` inside the transaction with ``changes`` mapping each
    changed field name to ``(old, new)``. Raising aborts the update."""


@hookspec
def entity_transitioned(entity, record, from_state, to_state, actor_id, note):
    """Called by ``core.records.transition`` inside the transaction, after the record's state
    moved from ``from_state`` to ``to_state``. Raising aborts the transition."""


@hookspec
def record_badges(entity, records, user):
    """Batched: called once per page with every record shown. Return a mapping of record id to a
    list of ``core.ui.badges.Badge``; the shell shows the most urgent first."""


@hookspec
def record_panels(entity, record, user):
    """Called when a record page renders. Return a list of ``core.ui.panels.Panel`` to show
    beside the record's fields."""


@hookspec
def transition_consequences(entity, record, to_state, user):
    """Called when the record page asks ``user`` to confirm moving ``record`` to ``to_state`` (a
    final state). Return a list of short sentences, in the viewer's language, saying what the
    move will do besides changing the state ("2 running SLA clocks will be cancelled: Confirm,
    Ship"), or None. Nothing may be changed here."""


@hookspec
def list_filters(entity, user):
    """Called when a list of ``entity`` renders or is queried. Return a list of
    ``core.listing.ListFilter`` that the list offers beside the entity's own field filters."""


@hookspec
def list_sorts(entity, user):
    """Called when a list of ``entity`` renders or is queried. Return a list of
    ``core.listing.ListSort`` (extra orderings such as urgency)."""


@hookspec(firstresult=True)
def list_default_sort(entity, user):
    """Called when a list of ``entity`` is shown on a screen without an explicit sort (the API
    keeps the type's own ``default_sort``). Return the name of a sort (a field or a
    ``ListSort``) to use by default, or None. First answer wins."""


@hookspec(firstresult=True)
def user_manager(user_id):
    """Return the user id of ``user_id``'s manager, or None. First answer wins."""


@hookspec(firstresult=True)
def user_department(user_id):
    """Return the code of the department ``user_id`` belongs to, or None. First answer wins."""


@hookspec(firstresult=True)
def department_head(department):
    """Return the user id of the head of the department with code ``department``, or None.
    First answer wins."""


@hookspec(firstresult=True)
def departments_headed(user_id):
    """Return the codes of the departments whose head is ``user_id`` (``[]`` for someone who
    heads none), or None to leave the question to ``department_head`` asked for every
    department. One answer (one query) instead of one per department. First answer wins."""


@hookspec
def departments():
    """Return a list of ``(code, name)`` pairs naming the organisation's departments."""


@hookspec(firstresult=True)
def team_members(user_id):
    """Return the user ids of the people ``user_id`` manages: their direct and indirect
    reports who have an active login (not ``user_id`` themselves), or None when the
    organisation does not know the user. First answer wins."""


@hookspec(firstresult=True)
def department_members(department):
    """Return the user ids of the people of the department with code ``department``
    (case-insensitive) who have an active login, or None for an unknown department. First
    answer wins."""


@hookspec
def deliver_notification(notification, user):
    """Called after the commit that stored ``notification`` (a ``core.models.Notification``)
    for ``user``, by a queue job (off the request's thread, in an application context). A
    channel delivers it (e-mail, webhook, chat); return value ignored; an exception is logged
    and does not affect other channels."""


@hookspec
def demo_data(demo):
    """Called by ``nhip init --demo`` plugin by plugin in dependency order (requirements first).
    Load demonstration records through ``demo`` (a ``core.demo.DemoContext``); must be
    idempotent: a second run adds nothing."""


@hookspec
def dashboard_widgets(user):
    """Called when the home page renders for ``user``. Return a list of
    ``core.ui.panels.Panel`` to show on the dashboard."""


@hookspec
def periodic_tasks():
    """Called by ``nhip worker`` and by the embedded loop of ``nhip run`` (about every second
    while they run), for enabled plugins. Return a list of ``core.queue.Periodic``: each task's
    function is queued at most once per its interval, across all workers."""


@hookspec
def worker_warm_up():
    """Called once by ``nhip worker`` at start, in an application context, before its first
    job, for enabled plugins. Run your jobs' usual statements once (the transaction is rolled
    back afterwards): the jobs then find the SQL compiled and the data loaded, whether they
    run in the worker's process (the default) or in a child forked per job
    (``--fork-per-job``: each child inherits them). Nothing is committed and nothing leaves
    the process; an implementation that raises is logged and the worker starts anyway."""


@hookspec(firstresult=True)
def working_days(first, last, user_id, entity):
    """Called when a plugin counts working days, such as HR for a leave request from ``first``
    to ``last`` (dates, both included) of the user ``user_id`` (None: not known), a record of
    ``entity`` (the ``EntityType`` asking). Return the sorted list of the dates of the period
    that are working days for that person (public holidays, company days off and weekends left
    out, make-up working days kept), or None to let another plugin answer; without any answer
    the caller counts Monday to Friday. First answer wins."""
