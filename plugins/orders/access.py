"""Permissions and roles of the orders plugin.

Who may change what (the rules themselves are in ``ownership``, ``sales_rules`` and
``adjustments``): a sales order is changed by its salesperson or a sales manager
(``orders.manage_all``); a price below the product's needs ``orders.discount``; stock on hand
changes only through the warehouse's workflow steps and stock adjustments (``orders.stock``).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.auth import Permission, Role

READ = "orders.read"
WRITE = "orders.write"
MANAGE_ALL = "orders.manage_all"
DISCOUNT = "orders.discount"
STOCK = "orders.stock"
WAREHOUSE = "warehouse.operate"
PURCHASE = "purchase.write"


def permissions() -> list[Permission]:
    """Reading and writing orders, managing every salesperson's orders, discounts, stock,
    operating the warehouse, buying."""
    return [
        Permission(READ, _l("See products, sales and purchase orders")),
        Permission(
            WRITE, _l("Create sales orders and change one's own (confirm, cancel); edit products")
        ),
        Permission(MANAGE_ALL, _l("Change every salesperson's sales orders (sales managers)")),
        Permission(DISCOUNT, _l("Sell below the product's price")),
        Permission(STOCK, _l("Adjust stock on hand, with a reason")),
        Permission(WAREHOUSE, _l("Pick, pack, ship and deliver sales orders; receive purchases")),
        Permission(PURCHASE, _l("Create and process purchase orders")),
    ]


def roles() -> list[Role]:
    """``sales`` (merged with the CRM's), ``sales_manager`` (everything ``sales`` may, on every
    salesperson's orders, and discounts), ``warehouse``, ``purchaser``, and ``manager``, who
    reads orders (escalations of late ones reach managers)."""
    return [
        Role("sales", _l("Sales"), frozenset({READ, WRITE, "crm.read"})),
        Role(
            "sales_manager",
            _l("Sales manager"),
            frozenset({READ, WRITE, MANAGE_ALL, DISCOUNT, "crm.read", "crm.write"}),
        ),
        Role("warehouse", _l("Warehouse"), frozenset({READ, WAREHOUSE, STOCK})),
        Role("purchaser", _l("Purchaser"), frozenset({READ, PURCHASE})),
        Role("manager", _l("Manager"), frozenset({READ})),  # told of late orders: may read them
    ]
