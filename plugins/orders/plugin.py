"""Orders: sales orders with warehouse fulfilment steps, purchase orders, products."""

from core import Manifest, hookimpl

manifest = Manifest(
    name="orders",
    version="0.1.0",
    label="Orders",
    description="Sales orders with warehouse fulfilment, purchase orders and stock.",
    requires={"crm": ">=0.1"},
    core=">=0.1,<1",
)

from plugins.orders import models  # noqa: E402,F401  (tables known to the host's metadata)


@hookimpl
def register_entities():
    """``orders.product``, ``orders.sales_order``, ``orders.purchase_order`` and
    ``orders.stock_adjustment``."""
    from plugins.orders.entities import orders_entities

    return orders_entities()


@hookimpl
def register_permissions():
    """``orders.read``, ``orders.write``, ``orders.manage_all``, ``orders.discount``,
    ``orders.stock``, ``warehouse.operate``, ``purchase.write``."""
    from plugins.orders.access import permissions

    return permissions()


@hookimpl
def register_roles():
    """``sales``, ``sales_manager``, ``warehouse`` and ``purchaser``."""
    from plugins.orders.access import roles

    return roles()


@hookimpl
def register_menu():
    """The "Orders" section: sales orders, new order, warehouse queue, products, purchases."""
    from plugins.orders.menu import menu_items

    return menu_items()


@hookimpl
def register_blueprints():
    """The order forms and the warehouse queue under ``/orders``."""
    from plugins.orders.views import bp

    return [bp]


@hookimpl
def entity_updated(entity, record, changes, actor_id):
    """A sales order is edited only by its salesperson or a sales manager, at prices below the
    product's only with ``orders.discount`` (raising aborts the update). When a customer's tier
    changes, copy it onto the customer's open sales orders."""
    if entity.key == "orders.sales_order":
        from plugins.orders.sales_rules import check_sales_order_edit

        check_sales_order_edit(record, changes, actor_id)
    if entity.key == "crm.customer" and "tier" in changes:
        from plugins.orders.tiers import sync_order_tiers

        sync_order_tiers(record, actor_id)


@hookimpl
def record_panels(entity, record, user):
    """On a sales order a salesperson may not change: whose it is. On a product: its latest
    stock adjustments and (warehouse) a link to record one."""
    from plugins.orders.panels import owner_panel, stock_panel

    if entity.key == "orders.sales_order":
        panel = owner_panel(record, user)
    elif entity.key == "orders.product":
        panel = stock_panel(record, user)
    else:
        return None
    return [panel] if panel else None


@hookimpl
def dashboard_widgets(user):
    """ "My open orders" for people who take orders (their open sales orders by state) and
    "Warehouse queue" for the warehouse (orders waiting at each step)."""
    from plugins.orders.dashboard import my_open_orders_widget, warehouse_queue_widget

    widgets = [w for w in (my_open_orders_widget(user), warehouse_queue_widget(user)) if w]
    return widgets or None


@hookimpl
def demo_data(demo):
    """Products, sales orders in every state over the last 30 days, purchase orders, and the
    sales, warehouse and purchasing staff who work them."""
    from plugins.orders.demo import load_demo

    load_demo(demo)
