"""Signing in and out, the dashboard and the language switch."""

from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired

from core.auth import login_only, public
from core.auth.passwords import password_matches
from core.auth.sessions import sign_in, sign_out_everywhere
from core.auth.throttle import login_throttle
from core.db import db
from core.i18n import LANGUAGES
from core.models import User
from core.ui import bp
from core.ui.links import next_target
from core.ui.messages import REQUIRED
from core.ui.render_hooks import call_render_hook, placeholder_panels


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(message=REQUIRED)])
    password = PasswordField(_l("Password"), validators=[DataRequired(message=REQUIRED)])
    remember = BooleanField(_l("Keep me signed in"))
    submit = SubmitField(_l("Sign in"))


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """The sign-in form; a wrong e-mail or password answers 401 with a clear message, too many
    failures for the account or from the address answer 429 with ``Retry-After``, a ``next``
    holding control characters 400."""
    target = next_target(request.args.get("next"), url_for("ui.home"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(target)
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        throttle = login_throttle()
        wait = throttle.retry_after(email, request.remote_addr or "")
        if wait is not None:
            error = _l("Too many failed sign-ins. Try again in %(num)d seconds.", num=wait)
            page = render_template("login.html", form=form, error=error)
            return page, 429, {"Retry-After": str(wait)}
        user = db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()
        if password_matches(user, form.password.data) and user.active:
            throttle.succeeded(email)
            sign_in(user, remember=form.remember.data)
            return redirect(target)
        throttle.failed(email, request.remote_addr or "")
        error = _l("Wrong e-mail or password.")
    status = 401 if request.method == "POST" else 200
    return render_template("login.html", form=form, error=error), status


@bp.post("/logout")
@login_only
def logout():
    """Sign out everywhere: every session and remember cookie of the user ends."""
    sign_out_everywhere(current_user)
    logout_user()
    return redirect(url_for("ui.login"))


@bp.get("/")
@login_only
def home():
    """The dashboard: every plugin's widgets for the viewer."""
    answers = call_render_hook("dashboard_widgets", user=current_user)
    panels = [p for group in answers for p in group or []] + placeholder_panels("dashboard_widgets")
    panels.sort(key=lambda p: p.order)
    return render_template("home.html", panels=panels)


@bp.post("/language")
@public
def language():
    """Switch the language: saved to the profile when signed in, to the session otherwise."""
    back = next_target(request.form.get("next"), url_for("ui.home"))
    code = request.form.get("language", "")
    if code in LANGUAGES:
        session["language"] = code
        if current_user.is_authenticated:
            current_user.language = code
            db.session.commit()
        refresh()
    return redirect(back)
