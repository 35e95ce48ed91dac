"""Orders: sales orders with warehouse fulfilment steps, purchase orders, products."""

from core import Manifest

manifest = Manifest(
    name="orders",
    version="0.1.0",
    label="Orders",
    description="Sales orders with warehouse fulfilment, purchase orders and stock.",
    requires={"crm": ">=0.1"},
    core=">=0.1,<1",
)
