"""The orders plugin's pages: order forms with lines and the warehouse queue."""

from flask import Blueprint

bp = Blueprint(
    "orders",
    __name__,
    url_prefix="/orders",
    template_folder="../templates",
    static_folder="../static",
    static_url_path="/static",
)

from plugins.orders.views import purchase_pages, sales_pages, warehouse  # noqa: E402,F401
