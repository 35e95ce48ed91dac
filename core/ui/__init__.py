"""The UI shell: layout, menus, login, profile, notifications, generic list and record pages.

Endpoints (blueprint ``ui``): ``home``, ``login``, ``logout``, ``language``, ``profile``,
``notifications``, ``record_list``, ``record_view``, ``record_new``, ``record_edit``,
``record_transition``, ``record_note``. Plugin templates extend ``base.html`` and may import
the macros of ``macros.html``.
"""

from flask import Blueprint, Flask

bp = Blueprint(
    "ui",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/ui-static",
)


def init_app(app: Flask) -> None:
    """Install template helpers (called by the app factory)."""
    from core.ui.context import install

    install(app)


from core.ui import (  # noqa: E402,F401  (routes register on import)
    confirm_moves,
    notifications,
    profile,
    record_forms,
    records,
    views,
)
