"""The entity registry: each record type a plugin owns, described so that other plugins
(SLA above all), the generic pages and the JSON API can work with it without importing it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from core.errors import NotFound

FIELD_TYPES = frozenset(
    {"str", "text", "email", "int", "money", "decimal", "bool", "date", "datetime", "choice", "ref"}
)


@dataclass(frozen=True)
class Choice:
    """One allowed value of a ``choice`` field."""

    value: str
    label: Any = None

    @property
    def text(self) -> str:
        return str(self.label if self.label is not None else self.value)


@dataclass(frozen=True)
class Field:
    """A field that other plugins may read, filter on and (if ``editable``) write.

    ``type`` is one of FIELD_TYPES; ``choice`` fields list their ``choices``; ``ref`` fields name
    the entity key they point at in ``ref`` and hold its id. ``attribute`` is the model attribute
    when it differs from ``name``.
    """

    name: str
    type: str = "str"
    label: Any = None
    choices: tuple[Choice, ...] = ()
    ref: str | None = None
    required: bool = False
    editable: bool = True
    filterable: bool = True
    sortable: bool = True
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    attribute: str | None = None
    help: Any = None

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"field {self.name!r}: unknown type {self.type!r}")
        if self.type == "choice" and not self.choices:
            raise ValueError(f"field {self.name!r}: a choice field needs choices")
        if self.type == "ref" and not self.ref:
            raise ValueError(f"field {self.name!r}: a ref field needs the entity key it points at")

    @property
    def attr(self) -> str:
        return self.attribute or self.name

    @property
    def text(self) -> str:
        return str(
            self.label if self.label is not None else self.name.replace("_", " ").capitalize()
        )

    def choice_label(self, value: Any) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.text
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Child:
    """Rows owned by a record and written together with it, such as the lines of an order.

    ``attr`` is the parent's relationship attribute holding the list of ``model`` rows; in
    writes (pages, API) the rows come as a list of field-value mappings under ``name``.
    Writing the list replaces the rows. ``required`` asks for at least one row on creation.
    """

    name: str
    model: type
    fields: tuple[Field, ...]
    label: Any = None
    attr: str | None = None
    required: bool = False

    @property
    def attribute(self) -> str:
        return self.attr or self.name

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def has_field(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)


@dataclass(frozen=True)
class State:
    """A workflow state; ``final`` states end the record's life (no SLA clock runs there).

    An entity type lists its states in workflow order: SLA reads a move to a state listed earlier
    (or out of a final state) as the record going back, and reopens the targets it had met."""

    name: str
    label: Any = None
    final: bool = False
    tone: str = "secondary"

    @property
    def text(self) -> str:
        return str(
            self.label if self.label is not None else self.name.replace("_", " ").capitalize()
        )


@dataclass(frozen=True)
class Transition:
    """An allowed move between two states; ``permission`` overrides the entity's write one."""

    source: str
    target: str
    label: Any = None
    permission: str | None = None
    tone: str = "primary"

    @property
    def text(self) -> str:
        return str(
            self.label if self.label is not None else self.target.replace("_", " ").capitalize()
        )


@dataclass(eq=False)
class EntityType:
    """A record type owned by a plugin. Only ``key``, ``model``, labels, ``fields`` and the two
    permissions are required; the rest describes workflow, responsibility and presentation.

    Callables receive the record (or, for ``visible``, a SQLAlchemy select and the viewing user)::

        title(record) -> str                      shown in lists, links and notifications
        responsible_user(record) -> user id|None  who answers for the record now
        responsible_department(record) -> code|None
        visible(select, user) -> select           row-level scope (None: every row)
        validate(record, values, creating) -> {field: message}  business checks of writes
        on_transition(record, from_state, to_state, actor_id)   business effects (may raise)
        on_create(record, values, actor_id)       business effects of creation (may raise)
        defaults(actor_id) -> {field: value}      creation values for fields the caller left
                                                  empty (e.g. "the caller's own employee record")
        person_user(record) -> user id|None       the user account a people record describes
                                                  (an employee), so that other plugins can show
                                                  that person's things on its page
        can_change(record, user) -> bool          whether this user may change this record
                                                  (None: whoever holds the permissions)

    ``can_change`` is for rights that depend on the record (an order is its salesperson's):
    pages hide what the user may not do (Edit, and the moves that need the type's
    ``write_permission``; a move with a permission of its own, such as the warehouse's steps,
    is that permission's matter); the service layer still enforces it (``validate``,
    ``on_transition`` or a hook raise ``PermissionDenied``). Notes are not changes.

    ``states`` are listed in workflow order (see ``State``): the order is how SLA tells a
    record going back from one moving on.

    ``responsible_field`` names the editable field holding the responsible user's id (an
    assignee, an owner): actions that reassign a record (SLA escalations) write it through
    ``core.records.update``. None: the record cannot be reassigned that way.

    ``search_fields`` are the text fields a list's search box (``?q=``) looks in;
    ``search_refs`` names ``ref`` fields whose records' own ``search_fields`` are searched too
    (an order found by its customer's name). Search ignores case and Vietnamese accents
    (``core.search_text``).

    ``read_only`` records are written only by their plugin's code (SLA's incidents, the host's
    users): the generic pages and the JSON API offer no create, edit, transition or note.
    """

    key: str
    model: type
    label: Any
    label_plural: Any
    fields: tuple[Field, ...]
    read_permission: str
    write_permission: str
    states: tuple[State, ...] = ()
    transitions: tuple[Transition, ...] = ()
    initial_state: str | None = None
    title: Callable[[Any], str] | None = None
    responsible_user: Callable[[Any], int | None] | None = None
    responsible_department: Callable[[Any], str | None] | None = None
    responsible_field: str | None = None
    person_user: Callable[[Any], int | None] | None = None
    visible: Callable[[Any, Any], Any] | None = None
    validate: Callable[[Any, dict, bool], dict] | None = None
    on_transition: Callable[[Any, str, str, int | None], None] | None = None
    on_create: Callable[[Any, dict, int | None], None] | None = None
    defaults: Callable[[int | None], dict] | None = None
    can_change: Callable[[Any, Any], bool] | None = None
    list_columns: tuple[str, ...] = ()
    search_fields: tuple[str, ...] = ()
    search_refs: tuple[str, ...] = ()
    default_sort: str = "-id"
    create_endpoint: str | None = None
    edit_endpoint: str | None = None
    view_endpoint: str | None = None
    icon: str = "bi-card-list"
    menu: bool = True
    children: tuple[Child, ...] = ()
    read_only: bool = False
    plugin: str = ""

    def __post_init__(self) -> None:
        if "." not in self.key:
            raise ValueError(f"entity key {self.key!r} must look like 'plugin.record_type'")
        names = [f.name for f in self.fields]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.key}: duplicate field names")
        state_names = {s.name for s in self.states}
        for t in self.transitions:
            if t.source not in state_names or t.target not in state_names:
                raise ValueError(
                    f"{self.key}: transition {t.source}->{t.target} names an unknown state"
                )
        if self.states and self.initial_state not in state_names:
            raise ValueError(f"{self.key}: initial_state must be one of its states")
        if self.responsible_field is not None and self.responsible_field not in names:
            raise ValueError(f"{self.key}: responsible_field must name one of its fields")
        refs = {f.name for f in self.fields if f.type == "ref"}
        if not set(self.search_refs) <= refs:
            raise ValueError(f"{self.key}: search_refs must name its ref fields")

    @property
    def module(self) -> str:
        """The plugin name part of the key (``orders`` in ``orders.sales_order``)."""
        return self.key.split(".", 1)[0]

    @property
    def has_states(self) -> bool:
        return bool(self.states)

    @property
    def final_states(self) -> frozenset[str]:
        return frozenset(s.name for s in self.states if s.final)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def has_field(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    def child(self, name: str) -> Child | None:
        for child in self.children:
            if child.name == name:
                return child
        return None

    def state(self, name: str | None) -> State | None:
        for s in self.states:
            if s.name == name:
                return s
        return None

    def transitions_from(self, state: str | None) -> list[Transition]:
        return [t for t in self.transitions if t.source == state]

    def transition_permission(self, transition: Transition) -> str:
        return transition.permission or self.write_permission

    def may_change(self, record: Any, user: Any) -> bool:
        """Whether ``user`` may change ``record`` as far as the record itself goes (its
        ``can_change``; True without one): the permissions are checked apart."""
        return self.can_change is None or bool(self.can_change(record, user))

    def title_of(self, record: Any) -> str:
        if self.title:
            return self.title(record)
        return f"{self.label} #{record.id}"

    def responsible_user_of(self, record: Any) -> int | None:
        return self.responsible_user(record) if self.responsible_user else None

    def responsible_department_of(self, record: Any) -> str | None:
        return self.responsible_department(record) if self.responsible_department else None

    def person_user_of(self, record: Any) -> int | None:
        return self.person_user(record) if self.person_user else None

    def columns(self) -> list[Field]:
        names = self.list_columns or tuple(f.name for f in self.fields[:5])
        return [self.field(n) for n in names]


class EntityRegistry:
    """Every enabled entity type, by key; built from the ``register_entities`` hook."""

    def __init__(self, types: Iterable[EntityType] = ()) -> None:
        self._types: dict[str, EntityType] = {}
        for entity in types:
            self.add(entity)

    def add(self, entity: EntityType) -> None:
        if entity.key in self._types:
            raise ValueError(f"entity {entity.key!r} is registered twice")
        self._types[entity.key] = entity

    def get(self, key: str) -> EntityType:
        """The entity type ``key``; NotFound if no enabled plugin registers it."""
        try:
            return self._types[key]
        except KeyError:
            raise NotFound(f"unknown entity type {key!r}") from None

    def __contains__(self, key: object) -> bool:
        return key in self._types

    def __iter__(self):
        return iter(sorted(self._types.values(), key=lambda e: e.key))

    def __len__(self) -> int:
        return len(self._types)

    def for_model(self, model: type) -> EntityType | None:
        for entity in self._types.values():
            if entity.model is model:
                return entity
        return None

    def by_module(self) -> dict[str, list[EntityType]]:
        groups: dict[str, list[EntityType]] = {}
        for entity in self:
            groups.setdefault(entity.module, []).append(entity)
        return groups
