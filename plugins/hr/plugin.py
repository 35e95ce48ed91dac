"""HR: departments, employees and their manager chain, leave requests."""

from core import Manifest

manifest = Manifest(
    name="hr",
    version="0.1.0",
    label="HR",
    description="Departments, employees (manager chain) and leave requests.",
    core=">=0.1,<1",
)
