"""The orders plugin's entity types as the registry describes them.

Workflows
---------
Sales order: ``draft → confirmed → picking → packed → shipped → delivered``; ``cancelled`` from
draft, confirmed or picking. Sales confirms and cancels (``orders.write``, on their own orders
unless they hold ``orders.manage_all``: see ``ownership``); the warehouse moves the order
through picking, packing, shipping and delivery (``warehouse.operate``). Confirming reserves
stock, shipping consumes it, cancelling a confirmed order releases it.

Purchase order: ``draft → sent → confirmed → received``; ``cancelled`` from draft, sent or
confirmed. Receiving adds the quantities to stock on hand and needs ``warehouse.operate``;
every other move needs ``purchase.write``.

Stock adjustment: a count correction with its reason (``orders.stock``); recorded once, never
edited. Stock on hand changes only through the workflows above and adjustments.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.entities import Child, Choice, EntityType, Field, State, Transition
from plugins.orders import adjustments, ownership, product_rules, purchase_rules, sales_rules
from plugins.orders.access import PURCHASE, READ, STOCK, WAREHOUSE, WRITE
from plugins.orders.models import (
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    SalesOrder,
    SalesOrderLine,
    StockAdjustment,
)

#: bounds that keep every amount and total well inside the database's 64-bit integers
MAX_PRICE = 10_000_000_000  # VND per unit
MAX_QUANTITY = 1_000_000
MAX_STOCK = 1_000_000_000

TIER_CHOICES = (
    Choice("standard", _l("Standard")),
    Choice("silver", _l("Silver")),
    Choice("gold", _l("Gold")),
    Choice("vip", _l("VIP")),
)
PRIORITY_CHOICES = (Choice("normal", _l("Normal")), Choice("express", _l("Express")))
CHANNEL_CHOICES = (
    Choice("web", _l("Web")),
    Choice("phone", _l("Phone")),
    Choice("store", _l("Store")),
)


def product_entity() -> EntityType:
    """``orders.product``: what is sold and bought, with stock on hand and reserved."""
    return EntityType(
        key="orders.product",
        model=Product,
        label=_l("Product"),
        label_plural=_l("Products"),
        fields=(
            Field("sku", "str", _l("SKU"), required=True, max_length=40),
            Field("name", "str", _l("Name"), required=True, max_length=200),
            Field(
                "unit_price",
                "money",
                _l("Unit price (VND)"),
                required=True,
                minimum=0,
                maximum=MAX_PRICE,
            ),
            Field(
                "stock_on_hand",
                "int",
                _l("Stock on hand"),
                minimum=0,
                maximum=MAX_STOCK,
                help=_l("Opening stock; later changes are stock adjustments, with a reason"),
            ),
            Field("stock_reserved", "int", _l("Reserved"), editable=False),
            Field(
                "stock_available",
                "int",
                _l("Available"),
                editable=False,
                filterable=False,
                sortable=False,
            ),
        ),
        read_permission=READ,
        write_permission=WRITE,
        title=product_rules.title,
        validate=product_rules.validate_product,
        on_create=product_rules.check_opening_stock,
        list_columns=("sku", "name", "unit_price", "stock_on_hand", "stock_reserved"),
        search_fields=("sku", "name"),
        default_sort="sku",
        icon="bi-box-seam",
        menu=False,
    )


SALES_STATES = (
    State("draft", _l("Draft"), tone="secondary"),
    State("confirmed", _l("Confirmed"), tone="info"),
    State("picking", _l("Picking"), tone="primary"),
    State("packed", _l("Packed"), tone="primary"),
    State("shipped", _l("Shipped"), tone="warning"),
    State("delivered", _l("Delivered"), final=True, tone="success"),
    State("cancelled", _l("Cancelled"), final=True, tone="dark"),
)
SALES_TRANSITIONS = (
    Transition("draft", "confirmed", _l("Confirm"), tone="success"),
    Transition("confirmed", "picking", _l("Start picking"), permission=WAREHOUSE),
    Transition("picking", "packed", _l("Mark packed"), permission=WAREHOUSE),
    Transition("packed", "shipped", _l("Ship"), permission=WAREHOUSE),
    Transition("shipped", "delivered", _l("Mark delivered"), permission=WAREHOUSE, tone="success"),
    Transition("draft", "cancelled", _l("Cancel"), tone="danger"),
    Transition("confirmed", "cancelled", _l("Cancel"), tone="danger"),
    Transition("picking", "cancelled", _l("Cancel"), tone="danger"),
)


def sales_order_entity() -> EntityType:
    """``orders.sales_order``: a customer's order; the salesperson answers for it, the
    department in charge follows the step (SALES, then WAREHOUSE)."""
    return EntityType(
        key="orders.sales_order",
        model=SalesOrder,
        label=_l("Sales order"),
        label_plural=_l("Sales orders"),
        fields=(
            Field("number", "str", _l("Number"), editable=False),
            Field("customer_id", "ref", _l("Customer"), ref="crm.customer", required=True),
            Field(
                "salesperson_id",
                "ref",
                _l("Salesperson"),
                ref="core.user",
                help=_l("Someone who takes sales orders; defaults to the person who creates it"),
            ),
            Field("priority", "choice", _l("Priority"), choices=PRIORITY_CHOICES),
            Field("channel", "choice", _l("Channel"), choices=CHANNEL_CHOICES),
            Field("customer_ref", "str", _l("Customer reference"), max_length=60),
            Field("total", "money", _l("Total (VND)"), editable=False),
            Field(
                "customer_tier", "choice", _l("Customer tier"), choices=TIER_CHOICES, editable=False
            ),
            Field("created_at", "datetime", _l("Created"), editable=False),
        ),
        children=(
            Child(
                "lines",
                SalesOrderLine,
                (
                    Field("product_id", "ref", _l("Product"), ref="orders.product", required=True),
                    Field(
                        "quantity",
                        "int",
                        _l("Quantity"),
                        required=True,
                        minimum=1,
                        maximum=MAX_QUANTITY,
                    ),
                    Field(
                        "unit_price",
                        "money",
                        _l("Unit price (VND)"),
                        minimum=0,
                        maximum=MAX_PRICE,
                        help=_l("Defaults to the product's price"),
                    ),
                    Field("amount", "money", _l("Amount (VND)"), editable=False),
                ),
                label=_l("Lines"),
                required=True,
            ),
        ),
        read_permission=READ,
        write_permission=WRITE,
        states=SALES_STATES,
        transitions=SALES_TRANSITIONS,
        initial_state="draft",
        title=sales_rules.title,
        responsible_user=lambda order: order.salesperson_id,
        responsible_field="salesperson_id",
        responsible_department=sales_rules.responsible_department,
        validate=sales_rules.validate_sales_order,
        defaults=lambda actor_id: {"salesperson_id": actor_id},
        on_create=sales_rules.on_sales_order_created,
        on_transition=sales_rules.on_sales_transition,
        can_change=ownership.may_change_order,
        list_columns=("number", "customer_id", "priority", "channel", "total", "created_at"),
        search_fields=("number", "customer_ref"),
        search_refs=("customer_id",),
        create_endpoint="orders.new_sales_order",
        edit_endpoint="orders.edit_sales_order",
        icon="bi-cart",
        menu=False,
    )


PURCHASE_STATES = (
    State("draft", _l("Draft"), tone="secondary"),
    State("sent", _l("Sent"), tone="info"),
    State("confirmed", _l("Confirmed"), tone="primary"),
    State("received", _l("Received"), final=True, tone="success"),
    State("cancelled", _l("Cancelled"), final=True, tone="dark"),
)
PURCHASE_TRANSITIONS = (
    Transition("draft", "sent", _l("Send to supplier")),
    Transition("sent", "confirmed", _l("Supplier confirmed")),
    Transition("confirmed", "received", _l("Receive goods"), permission=WAREHOUSE, tone="success"),
    Transition("draft", "cancelled", _l("Cancel"), tone="danger"),
    Transition("sent", "cancelled", _l("Cancel"), tone="danger"),
    Transition("confirmed", "cancelled", _l("Cancel"), tone="danger"),
)


def purchase_order_entity() -> EntityType:
    """``orders.purchase_order``: goods bought from a supplier; the buyer answers for it."""
    return EntityType(
        key="orders.purchase_order",
        model=PurchaseOrder,
        label=_l("Purchase order"),
        label_plural=_l("Purchase orders"),
        fields=(
            Field("number", "str", _l("Number"), editable=False),
            Field("supplier", "str", _l("Supplier"), required=True, max_length=200),
            Field("supplier_ref", "str", _l("Supplier reference"), max_length=60),
            Field(
                "buyer_id",
                "ref",
                _l("Buyer"),
                ref="core.user",
                help=_l(
                    "Someone who handles purchase orders; defaults to the person who creates it"
                ),
            ),
            Field("total", "money", _l("Total (VND)"), editable=False),
            Field("created_at", "datetime", _l("Created"), editable=False),
        ),
        children=(
            Child(
                "lines",
                PurchaseOrderLine,
                (
                    Field("product_id", "ref", _l("Product"), ref="orders.product", required=True),
                    Field(
                        "quantity",
                        "int",
                        _l("Quantity"),
                        required=True,
                        minimum=1,
                        maximum=MAX_QUANTITY,
                    ),
                    Field(
                        "unit_cost",
                        "money",
                        _l("Unit cost (VND)"),
                        required=True,
                        minimum=0,
                        maximum=MAX_PRICE,
                    ),
                    Field("amount", "money", _l("Amount (VND)"), editable=False),
                ),
                label=_l("Lines"),
                required=True,
            ),
        ),
        read_permission=READ,
        write_permission=PURCHASE,
        states=PURCHASE_STATES,
        transitions=PURCHASE_TRANSITIONS,
        initial_state="draft",
        title=purchase_rules.title,
        responsible_user=lambda order: order.buyer_id,
        responsible_field="buyer_id",
        responsible_department=purchase_rules.responsible_department,
        validate=purchase_rules.validate_purchase_order,
        defaults=lambda actor_id: {"buyer_id": actor_id},
        on_create=purchase_rules.number_purchase_order,
        on_transition=purchase_rules.receive_goods,
        list_columns=("number", "supplier", "total", "buyer_id", "created_at"),
        search_fields=("number", "supplier", "supplier_ref"),
        create_endpoint="orders.new_purchase_order",
        edit_endpoint="orders.edit_purchase_order",
        icon="bi-truck",
        menu=False,
    )


def stock_adjustment_entity() -> EntityType:
    """``orders.stock_adjustment``: a change of a product's stock on hand outside the order
    workflows (a count, breakage, a correction), with its reason; recorded, never edited."""
    return EntityType(
        key="orders.stock_adjustment",
        model=StockAdjustment,
        label=_l("Stock adjustment"),
        label_plural=_l("Stock adjustments"),
        fields=(
            Field("product_id", "ref", _l("Product"), ref="orders.product", required=True),
            Field(
                "change",
                "int",
                _l("Change"),
                required=True,
                minimum=-MAX_STOCK,
                maximum=MAX_STOCK,
                help=_l("Units added (positive) or taken off (negative) the stock on hand"),
            ),
            Field(
                "reason",
                "text",
                _l("Reason"),
                required=True,
                max_length=500,
                filterable=False,
                sortable=False,
            ),
            Field("on_hand_before", "int", _l("On hand before"), editable=False),
            Field("on_hand_after", "int", _l("On hand after"), editable=False),
            Field("adjusted_by_id", "ref", _l("Adjusted by"), ref="core.user", editable=False),
            Field("created_at", "datetime", _l("When"), editable=False),
        ),
        read_permission=READ,
        write_permission=STOCK,
        states=(State("recorded", _l("Recorded"), final=True, tone="success"),),
        initial_state="recorded",
        title=adjustments.title,
        validate=adjustments.validate_adjustment,
        on_create=adjustments.apply_adjustment,
        list_columns=("created_at", "product_id", "change", "on_hand_after", "adjusted_by_id"),
        search_fields=("reason",),
        default_sort="-created_at",
        icon="bi-clipboard-data",
        menu=False,
    )


def orders_entities() -> list[EntityType]:
    """Every entity type the orders plugin owns."""
    return [
        product_entity(),
        sales_order_entity(),
        purchase_order_entity(),
        stock_adjustment_entity(),
    ]
