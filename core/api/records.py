"""``/api/v1/<entity>``: list, create, read, update and transition records of any entity type.

Every route checks its permission before anything else (403 comes before 404): reading needs
the entity's ``read_permission``, writing its ``write_permission``, and a transition the
permission of that transition (checked once the record and the target state are known).
A record outside the caller's row-level scope (``EntityType.visible``) answers 404, as if it did
not exist, and writing a ``read_only`` entity type answers 405. All changes go through
``core.records``, which validates, audits, calls the lifecycle hooks and commits.

A record's answer carries its version (``version`` in the body, and ``ETag`` on a single
record). A change may send it back (``If-Match`` or a ``version`` member of the body): if the
record changed since, the change is refused with 409 naming the fields changed since then.
Of concurrent changes of one record one wins; the others answer 409 (``core.records``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import request, url_for
from flask_login import current_user
from werkzeug.exceptions import MethodNotAllowed

from core import records as service
from core.api import bp
from core.api.answers import answer
from core.api.limits import integer_top
from core.api.listargs import list_query
from core.api.payload import object_body, record_values, transition_request
from core.api.serialize import records_json
from core.auth import has_permission, requires
from core.db import db
from core.entities import EntityType
from core.errors import NotFound, PermissionDenied, ValidationError
from core.listing import base_select, list_records
from core.records import entity_type
from core.versions import etag, parse_version, version_of


def read_permission(entity: str, **_: Any) -> str:
    """The permission reading ``entity`` needs (NotFound for an unknown entity type)."""
    return entity_type(entity).read_permission


def write_permission(entity: str, **_: Any) -> str:
    """The permission creating and changing ``entity`` records needs."""
    return entity_type(entity).write_permission


@bp.get("/<entity_key:entity>")
@requires(read_permission)
def list_entity(entity: str):
    """One page of the records the caller may see, filtered and sorted as asked; without
    ``sort``, in the type's own order (``EntityType.default_sort``), not a plugin's default
    for the screens (SLA's urgency): an order that moves as time passes would shift records
    between the pages a client reads one after the other."""
    etype = entity_type(entity)
    query = list_query(etype, request.args)
    if not query.sort:
        query = replace(query, sort=etype.default_sort)
    page = list_records(etype, _user(), query)
    return answer(
        {
            "items": records_json(etype, page.items, _user()),
            "total": page.total,
            "page": page.page,
            "per_page": page.per_page,
            "pages": page.pages,
        }
    )


@bp.post("/<entity_key:entity>")
@requires(write_permission)
def create_record(entity: str):
    """Create a record (children such as order lines in the same body): 201 and Location."""
    etype = entity_type(entity)
    _refuse_if_read_only(etype)
    values = record_values(etype, creating=True, actor_id=current_user.id)
    record = service.create(etype, values, current_user.id)
    location = url_for("api.get_record", entity=etype.key, record_id=record.id)
    return _answer_one(etype, record, 201, {"Location": location})


@bp.get("/<entity_key:entity>/<int:record_id>")
@requires(read_permission)
def get_record(entity: str, record_id: int):
    """One record with its children and badges."""
    etype = entity_type(entity)
    return _answer_one(etype, find_visible(etype, record_id))


@bp.patch("/<entity_key:entity>/<int:record_id>")
@requires(write_permission)
def update_record(entity: str, record_id: int):
    """Change the fields given in the body; a child list given replaces its rows."""
    etype = entity_type(entity)
    _refuse_if_read_only(etype)
    record = find_visible(etype, record_id)
    values = record_values(etype, creating=False, actor_id=current_user.id)
    body_version = None if etype.has_field("version") else values.pop("version", None)
    version = expected_version(body_version)
    service.update(etype, record, values, current_user.id, version=version)
    return _answer_one(etype, record)


@bp.post("/<entity_key:entity>/<int:record_id>/transition")
@requires(read_permission)
def transition_record(entity: str, record_id: int):
    """Move the record to the state ``to`` of the body, with an optional ``note``."""
    etype = entity_type(entity)
    if not etype.has_states:
        raise NotFound(f"{etype.key} has no workflow")
    _refuse_if_read_only(etype)
    record = find_visible(etype, record_id)
    to_state, note = transition_request(etype)
    version = expected_version(object_body().get("version"))
    move = next((t for t in etype.transitions_from(record.state) if t.target == to_state), None)
    if move is not None and not has_permission(etype.transition_permission(move)):
        raise PermissionDenied(
            f"moving to {to_state} needs the permission {etype.transition_permission(move)}"
        )
    # a move the workflow does not allow is refused by the service, with the allowed ones
    service.transition(etype, record, to_state, current_user.id, note=note, version=version)
    return _answer_one(etype, record)


def expected_version(body_version: object = None) -> int | None:
    """The version the caller based its change on: ``If-Match`` or the body's ``version``
    (None when it sent neither; 422 when they disagree or are not versions)."""
    header = parse_version(request.headers.get("If-Match"), "If-Match")
    body = parse_version(None if body_version is None else str(body_version))
    if header is not None and body is not None and header != body:
        raise ValidationError({"version": "differs from the If-Match header"})
    return header if header is not None else body


def find_visible(etype: EntityType, record_id: int) -> Any:
    """The record ``record_id`` if it exists and the caller may see it; NotFound otherwise."""
    record = None
    if record_id <= integer_top(etype.model, "id"):
        stmt = base_select(etype, _user()).where(etype.model.id == record_id)
        record = db.session.execute(stmt).scalars().unique().first()
    if record is None:
        raise NotFound(f"{etype.key} {record_id} does not exist")
    return record


def _one(etype: EntityType, record: Any) -> dict[str, Any]:
    return records_json(etype, [record], _user())[0]


def _answer_one(etype: EntityType, record: Any, status: int = 200, headers=None):
    """One record as the answer, with its version as the ``ETag``."""
    body = _one(etype, record)
    if etype.has_field("version"):  # a field of that name hides the version in the body
        version = version_of(etype.key, record.id)
    else:
        version = body["version"]
    return answer(body, status, {**(headers or {}), "ETag": etag(version)})


def _user():
    return current_user._get_current_object()


def _refuse_if_read_only(etype: EntityType) -> None:
    """``read_only`` entity types (``core.user``) are written by their plugin's code only."""
    if etype.read_only:
        raise MethodNotAllowed(
            valid_methods=["GET", "HEAD", "OPTIONS"],
            description=f"{etype.key} records are read-only through the API",
        )
