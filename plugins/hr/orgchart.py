"""The organisation as trees for HR's pages: departments under their parents, employees under
their managers. Each tree is read in one or two queries and assembled in memory; bad data (a
loop) never hangs a page: what no root reaches is shown as a root of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core.db import db
from plugins.hr.models import Department, Employee


@dataclass
class Node:
    """One box of a tree: the record, what hangs below it, and a number to show (head count)."""

    item: Any
    children: list[Node] = field(default_factory=list)
    count: int = 0


def build_forest(
    items: Iterable[Any], parent_of: Callable[[Any], int | None], sort_key: Callable[[Any], Any]
) -> list[Node]:
    """Nest ``items`` (having ``id``) under the item whose id ``parent_of`` gives; items whose
    parent is missing, or that sit in a loop, become roots. Siblings ordered by ``sort_key``."""
    ordered = sorted(items, key=sort_key)
    nodes = {item.id: Node(item) for item in ordered}
    roots: list[Node] = []
    for item in ordered:
        parent = parent_of(item)
        if parent is None or parent not in nodes or parent == item.id:
            roots.append(nodes[item.id])
        else:
            nodes[parent].children.append(nodes[item.id])
    reached: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        reached.add(node.item.id)
        stack.extend(node.children)
    for item in ordered:  # loops: cut each at its first member
        if item.id not in reached:
            node = nodes[item.id]
            for other in nodes.values():
                if node in other.children:
                    other.children.remove(node)
            roots.append(node)
            stack = [node]
            while stack:
                current = stack.pop()
                reached.add(current.item.id)
                stack.extend(current.children)
    return roots


def department_forest() -> list[Node]:
    """Every department under its parent, with its head and its active head count."""
    departments = (
        db.session.execute(select(Department).options(selectinload(Department.head)))
        .scalars()
        .all()
    )
    counts = dict(
        db.session.execute(
            select(Employee.department_id, func.count())
            .where(Employee.active.is_(True), Employee.department_id.is_not(None))
            .group_by(Employee.department_id)
        ).all()
    )
    forest = build_forest(departments, lambda d: d.parent_id, lambda d: d.name.lower())
    stack = list(forest)
    while stack:
        node = stack.pop()
        node.count = counts.get(node.item.id, 0)
        stack.extend(node.children)
    return forest


def manager_forest() -> list[Node]:
    """Active employees under their managers (an inactive manager's reports become roots)."""
    employees = (
        db.session.execute(
            select(Employee)
            .where(Employee.active.is_(True))
            .options(selectinload(Employee.department))
        )
        .scalars()
        .all()
    )
    forest = build_forest(employees, lambda e: e.manager_id, lambda e: e.name.lower())
    stack = list(forest)
    while stack:
        node = stack.pop()
        node.count = len(node.children)
        stack.extend(node.children)
    return forest
