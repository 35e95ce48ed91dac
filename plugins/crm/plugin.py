"""CRM: customers, leads and support tickets."""

from core import Manifest

manifest = Manifest(
    name="crm",
    version="0.1.0",
    label="CRM",
    description="Customers, leads and support tickets.",
    core=">=0.1,<1",
)

from plugins.crm import models  # noqa: E402,F401  (tables known to the host's metadata)
