"""Permissions and roles of the orders plugin."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.auth import Permission, Role


def permissions() -> list[Permission]:
    """Reading and writing orders, operating the warehouse, buying."""
    return [
        Permission("orders.read", _l("See products, sales and purchase orders")),
        Permission("orders.write", _l("Create, confirm and cancel sales orders; edit products")),
        Permission("warehouse.operate", _l("Pick, pack, ship and deliver sales orders")),
        Permission("purchase.write", _l("Create and process purchase orders")),
    ]


def roles() -> list[Role]:
    """``sales`` (merged with the CRM's), ``warehouse`` and ``purchaser``."""
    return [
        Role("sales", _l("Sales"), frozenset({"orders.read", "orders.write", "crm.read"})),
        Role("warehouse", _l("Warehouse"), frozenset({"orders.read", "warehouse.operate"})),
        Role("purchaser", _l("Purchaser"), frozenset({"orders.read", "purchase.write"})),
    ]
