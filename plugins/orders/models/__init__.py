"""The orders plugin's tables: products, sales and purchase orders, stock adjustments, and
document numbering."""

from plugins.orders.models.product import Product
from plugins.orders.models.purchase_order import PurchaseOrder, PurchaseOrderLine
from plugins.orders.models.sales_order import SalesOrder, SalesOrderLine
from plugins.orders.models.sequence import Sequence
from plugins.orders.models.stock_adjustment import StockAdjustment

__all__ = [
    "Product",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "SalesOrder",
    "SalesOrderLine",
    "Sequence",
    "StockAdjustment",
]
