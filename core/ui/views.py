"""Login, logout and the home page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired

from core.auth import login_only, public
from core.db import db
from core.models import User
from core.ui import bp


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me signed in"))


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """The sign-in form."""
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.execute(
            db.select(User).where(User.email == form.email.data.strip().lower())
        ).scalar_one_or_none()
        if user and user.active and user.check_password(form.password.data):
            login_user(user, remember=form.remember.data)
            target = request.args.get("next", "")
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("ui.home")
            return redirect(target)
        flash(_l("Wrong e-mail or password."), "danger")
    return render_template("login.html", form=form), (
        200 if request.method == "GET" else 401 if form.errors or request.method == "POST" else 200
    )


@bp.post("/logout")
@login_only
def logout():
    """End the session."""
    logout_user()
    return redirect(url_for("ui.login"))


@bp.get("/")
@login_only
def home():
    """The dashboard."""
    return render_template("home.html")
