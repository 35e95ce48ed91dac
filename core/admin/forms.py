"""The forms of the user administration pages (choices are filled per request)."""

from __future__ import annotations

import re
from functools import lru_cache
from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from core.auth.access import roles_catalog
from core.auth.passwords import password_problem
from core.i18n import LANGUAGES
from core.models.users import DEFAULT_TIMEZONE

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+$")


@lru_cache(maxsize=1)
def timezone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted (read once)."""
    return tuple(sorted(available_timezones()))


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of check boxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _strong_password(form, field) -> None:
    """The password rules of ``core.auth.passwords`` (an empty optional field is skipped)."""
    if not field.data:
        return
    email = getattr(getattr(form, "email", None), "data", None) or ""
    problem = password_problem(field.data, [email, form.name.data or ""])
    if problem:
        raise ValidationError(problem)


def _email_shape(form, field) -> None:
    if field.data and not EMAIL_PATTERN.match(field.data.strip()):
        raise ValidationError(_l("Enter an e-mail address such as name@example.com."))


class UserForm(FlaskForm):
    """What an administrator edits of a user."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    roles = CheckboxesField(_l("Roles"))
    language = SelectField(_l("Language"))
    timezone = SelectField(_l("Time zone"), default=DEFAULT_TIMEZONE)
    active = BooleanField(_l("Active (may sign in)"), default=True)

    def fill_choices(self) -> None:
        """Roles from the enabled plugins, the languages, the time zones."""
        labelled = [(str(role.label or role.name), role.name) for role in roles_catalog().values()]
        self.roles.choices = [SelectChoice(name, label) for label, name in sorted(labelled)]
        self.language.choices = [SelectChoice(code, label) for code, label in LANGUAGES.items()]
        self.timezone.choices = [SelectChoice(zone, zone) for zone in timezone_names()]


class NewUserForm(UserForm):
    """Creating a user: e-mail and an initial password as well."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254), _email_shape])
    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(), _strong_password],
        description=_l("At least 12 characters, not a common password or the person's name."),
    )


class EditUserForm(UserForm):
    """Editing a user: the password is reset only when a new one is typed."""

    password = PasswordField(
        _l("New password"),
        description=_l("Leave empty to keep the current password."),
        validators=[Optional(), _strong_password],
    )
