"""The viewer's own profile: name, language, time zone, password and API tokens."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from core.auth import login_only
from core.auth.passwords import password_problem
from core.auth.sessions import sign_in
from core.db import db
from core.i18n import LANGUAGES, is_timezone, timezone_names
from core.models import ApiToken
from core.ui import bp
from core.ui.messages import REQUIRED


def _strong_enough(form, field) -> None:
    problem = password_problem(field.data or "", [current_user.email, current_user.name])
    if problem:
        raise ValidationError(problem)


def _known_timezone(form, field) -> None:
    if not is_timezone((field.data or "").strip()):
        raise ValidationError(_l("Choose a time zone from the list, such as Asia/Ho_Chi_Minh."))


class ProfileForm(FlaskForm):
    """What people may change about themselves."""

    name = StringField(_l("Name"), validators=[DataRequired(message=REQUIRED), Length(max=200)])
    language = SelectField(
        _l("Language"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        # the language sets the date style too: one per language, the same in both
        # (core.ui.dates: English as written in Vietnam)
        description=_l("Dates read day first in both languages: 27/11/2026, 14:05."),
    )
    timezone = StringField(
        _l("Time zone"),
        validators=[DataRequired(message=REQUIRED), _known_timezone],
        description=_l("Times are shown in this zone."),
        render_kw={"list": "nhip-timezones", "autocomplete": "off"},
    )
    submit = SubmitField(_l("Save profile"))


class PasswordForm(FlaskForm):
    """A new password, given the current one."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(message=REQUIRED)])
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired(message=REQUIRED), _strong_enough],
        description=_l("At least 12 characters, not a common password or your name."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(message=REQUIRED),
            EqualTo("new", message=_l("The passwords differ.")),
        ],
    )
    submit = SubmitField(_l("Change password"))


def _page(profile_form: ProfileForm, password_form: PasswordForm, status: int = 200):
    tokens = db.session.execute(
        db.select(ApiToken)
        .where(ApiToken.user_id == current_user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ).scalars()
    return (
        render_template(
            "profile.html",
            profile_form=profile_form,
            password_form=password_form,
            timezones=timezone_names(),
            tokens=list(tokens),
        ),
        status,
    )


def _blank_profile() -> ProfileForm:
    return ProfileForm(
        prefix="profile",
        formdata=None,
        name=current_user.name,
        language=current_user.language,
        timezone=current_user.timezone,
    )


@bp.get("/profile")
@login_only
def profile():
    """The profile page."""
    return _page(_blank_profile(), PasswordForm(prefix="password", formdata=None))


@bp.post("/profile")
@login_only
def profile_save():
    """Save name, language and time zone."""
    form = ProfileForm(prefix="profile")
    if not form.validate():
        return _page(form, PasswordForm(prefix="password", formdata=None), 422)
    current_user.name = form.name.data.strip()
    current_user.language = form.language.data
    current_user.timezone = form.timezone.data.strip()
    db.session.commit()
    refresh()
    flash(_("Your profile is saved."), "success")
    return redirect(url_for("ui.profile"))


@bp.post("/profile/password")
@login_only
def profile_password():
    """Change the password; the current one must be given."""
    form = PasswordForm(prefix="password")
    if form.validate() and not current_user.check_password(form.current.data):
        form.current.errors.append(_("This is not your current password."))
    if form.errors:
        return _page(_blank_profile(), form, 422)
    user = current_user._get_current_object()
    user.set_password(form.new.data)  # ends every session of the user (``User.end_sessions``)
    db.session.commit()
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    sign_in(user, remember=remembered)  # ... but this one goes on
    flash(_("Your password is changed. You are signed out on your other devices."), "success")
    return redirect(url_for("ui.profile"))


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_only
def profile_token_revoke(token_id: int):
    """Revoke one of the viewer's API tokens (someone else's is not found)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    name = token.name
    db.session.delete(token)
    db.session.commit()
    flash(_("The token %(name)s is revoked.", name=name), "success")
    return redirect(url_for("ui.profile"))
