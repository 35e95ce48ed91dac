"""A WTForms form built from an entity type's editable fields, and the values it yields.

Types map to inputs: choice and ref → select (a ref to a type with more than 500 records →
number box), bool → checkbox, date → date, datetime → date-and-time in the viewer's zone,
text → text area, int and money → whole number, decimal → number, email → e-mail.
Required fields and value rules are checked by ``core.records`` (one set of rules for pages
and API); the form only parses what was typed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional

from core.entities import EntityType, Field
from core.ui.list_controls import ref_options

#: a ref field offers a select when the referenced type has at most this many records
REF_CHOICES_LIMIT = 500
RESERVED = set(dir(FlaskForm)) | {"submit", "csrf_token"}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


def attribute_name(fld: Field) -> str:
    """The form attribute holding ``fld`` (renamed when it would shadow a form method)."""
    return fld.name + "_" if fld.name in RESERVED else fld.name


def _blank() -> SelectChoice:
    return SelectChoice("", "—")


def _input(fld: Field, user):
    options: dict[str, Any] = {"label": fld.text, "description": fld.help or ""}
    if fld.required:
        options["render_kw"] = {"required": True}
    kind = fld.type
    if kind == "bool":
        return BooleanField(**options)
    options["validators"] = [Optional()]
    if kind == "choice":
        choices = [_blank(), *(SelectChoice(c.value, c.text) for c in fld.choices)]
        return SelectField(choices=choices, **options)
    if kind == "ref":
        found = ref_options(fld, user, REF_CHOICES_LIMIT)
        if found is None:
            return IntegerField(**options)
        return SelectField(choices=[_blank(), *(SelectChoice(v, t) for v, t in found)], **options)
    if kind in ("int", "money"):
        if kind == "money":
            options["description"] = fld.help or _l("In đồng (VND).")
        return IntegerField(**options)
    if kind == "decimal":
        return DecimalField(places=None, **options)
    if kind == "date":
        return DateField(**options)
    if kind == "datetime":
        return DateTimeLocalField(format=DATETIME_FORMATS, **options)
    if kind == "text":
        options.setdefault("render_kw", {})["rows"] = 4
        return TextAreaField(**options)
    if kind == "email":
        return EmailField(**options)
    return StringField(**options)


def editable_fields(entity: EntityType) -> list[Field]:
    """The fields a generic form offers."""
    return [f for f in entity.fields if f.editable]


def build_form(entity: EntityType, user, **kwargs: Any) -> FlaskForm:
    """A form instance for ``entity`` (``kwargs`` go to the form: ``data=``, ``formdata=``)."""
    attrs: dict[str, Any] = {fld_attr: _input(fld, user) for fld, fld_attr in _pairs(entity)}
    attrs["submit"] = SubmitField(_l("Save"))
    form_class = type(f"{entity.key.replace('.', '_')}_form", (FlaskForm,), attrs)
    return form_class(**kwargs)


def _pairs(entity: EntityType) -> list[tuple[Field, str]]:
    return [(fld, attribute_name(fld)) for fld in editable_fields(entity)]


def initial_data(entity: EntityType, record: Any, zone: ZoneInfo) -> dict[str, Any]:
    """The form's starting values from ``record`` (times shown in ``zone``)."""
    data: dict[str, Any] = {}
    for fld, attr in _pairs(entity):
        value = getattr(record, fld.attr, None)
        if fld.type == "datetime" and isinstance(value, datetime):
            value = value.astimezone(zone).replace(tzinfo=None)
        elif fld.type in ("choice", "ref") and value is not None:
            value = str(value)
        data[attr] = value
    return data


def data_from_args(entity: EntityType, args) -> dict[str, Any]:
    """Starting values from the query string (``/new?customer_id=3``), for linking forms."""
    return {attr: args[fld.name] for fld, attr in _pairs(entity) if args.get(fld.name)}


def submitted_values(entity: EntityType, form: FlaskForm, zone: ZoneInfo) -> dict[str, Any]:
    """Field values for ``core.records`` from a validated form: empty means None, times
    typed in the viewer's ``zone`` become instants."""
    values: dict[str, Any] = {}
    for fld, attr in _pairs(entity):
        value = form[attr].data
        if isinstance(value, str) and fld.type not in ("str", "text", "email"):
            value = value or None
        if fld.type == "datetime" and isinstance(value, datetime):
            value = value.replace(tzinfo=zone)
        values[fld.name] = value
    return values


def show_errors(entity: EntityType, form: FlaskForm, fields: dict[str, str], wording) -> list[str]:
    """Attach ``{field: message}`` to the form's inputs; returns those of no input."""
    by_name = dict((fld.name, attr) for fld, attr in _pairs(entity))
    leftover = []
    for name, message in fields.items():
        text = wording(message)
        attr = by_name.get(name)
        if attr is None:
            label = entity.field(name).text if entity.has_field(name) else name
            leftover.append(f"{label}: {text}")
            continue
        form[attr].errors = [*form[attr].errors, text]
    return leftover
