"""The UI shell: layout, menus, login, generic list and record pages."""

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


from core.ui import views  # noqa: E402,F401  (routes register on import)
