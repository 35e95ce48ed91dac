"""The orders plugin's menu: one "Orders" section."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.ui.menu import MenuItem

SECTION = _l("Orders")


def menu_items() -> list[MenuItem]:
    """Sales orders, a new order, the warehouse queue, products, stock adjustments, purchase
    orders."""

    def listing(key: str) -> tuple[tuple[str, str], ...]:
        return (("entity_key", key),)

    return [
        MenuItem(
            _l("Sales orders"),
            SECTION,
            "orders.read",
            endpoint="ui.record_list",
            args=listing("orders.sales_order"),
            order=10,
            icon="bi-cart",
        ),
        MenuItem(
            _l("New sales order"),
            SECTION,
            "orders.write",
            endpoint="orders.new_sales_order",
            order=20,
            icon="bi-cart-plus",
        ),
        MenuItem(
            _l("Warehouse queue"),
            SECTION,
            "warehouse.operate",
            endpoint="orders.warehouse",
            order=30,
            icon="bi-box-seam",
        ),
        MenuItem(
            _l("Products"),
            SECTION,
            "orders.read",
            endpoint="ui.record_list",
            args=listing("orders.product"),
            order=40,
            icon="bi-tags",
        ),
        MenuItem(
            _l("Stock adjustments"),
            SECTION,
            "orders.stock",
            endpoint="ui.record_list",
            args=listing("orders.stock_adjustment"),
            order=45,
            icon="bi-clipboard-data",
        ),
        MenuItem(
            _l("Purchase orders"),
            SECTION,
            "orders.read",
            endpoint="ui.record_list",
            args=listing("orders.purchase_order"),
            order=50,
            icon="bi-truck",
        ),
    ]
