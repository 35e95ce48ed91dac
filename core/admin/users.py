"""The users pages: list (search, role, active), create, edit.

E-mail addresses are unique (compared in lower case); passwords have at least 8 characters.
An administrator cannot take away their own administration rights nor deactivate themselves,
so an instance always keeps someone who can manage it.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError

from core.admin import bp
from core.admin.forms import EditUserForm, NewUserForm, UserForm
from core.auth import requires
from core.auth.access import ALL, roles_catalog
from core.db import db
from core.models import User, UserRole

PER_PAGE = 50
ADMIN_PERMISSION = "core.admin"


@bp.get("/users")
@requires("core.admin")
def users():
    """Every user, filtered by a search text, a role and whether they are active."""
    q = request.args.get("q", "").strip()
    role = request.args.get("role", "").strip()
    active = request.args.get("active", "")
    query = db.select(User).order_by(User.name, User.id)
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(
            or_(db.func.lower(User.email).like(pattern), db.func.lower(User.name).like(pattern))
        )
    if role:
        query = query.where(User.id.in_(db.select(UserRole.user_id).where(UserRole.role == role)))
    if active in ("1", "0"):
        query = query.where(User.active.is_(active == "1"))
    page = db.paginate(query, page=_page(), per_page=PER_PAGE, error_out=False)
    return render_template(
        "admin/users.html",
        page=page,
        q=q,
        role=role,
        active=active,
        catalog=roles_catalog(),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@requires("core.admin")
def new_user():
    """Create a user with roles, language, time zone and an initial password."""
    form = NewUserForm()
    form.fill_choices()
    if request.method == "GET":
        form.roles.data = ["employee"] if "employee" in roles_catalog() else []
        form.language.data = current_user.language or "en"
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if _email_taken(email):
            form.email.errors.append(_("A user with this e-mail already exists."))
        else:
            user = User(email=email)
            _apply(form, user)
            user.set_password(form.password.data)
            db.session.add(user)
            if _commit(form):
                flash(_("User %(email)s created.", email=email), "success")
                return redirect(url_for("admin.edit_user", user_id=user.id))
    status = 422 if form.errors else 200
    return render_template("admin/user_form.html", form=form, user=None), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires("core.admin")
def edit_user(user_id: int):
    """Change a user's name, roles, language, zone, active flag; optionally reset the password."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = EditUserForm(obj=user if request.method == "GET" else None)
    form.fill_choices()
    if request.method == "GET":
        form.roles.data = [r for r in user.roles if r in roles_catalog()]
    if form.validate_on_submit() and _self_check(form, user):
        _apply(form, user)
        if form.password.data:
            user.set_password(form.password.data)
        if _commit(form):
            flash(_("Changes to %(email)s saved.", email=user.email), "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    status = 422 if form.errors else 200
    return render_template("admin/user_form.html", form=form, user=user), status


def _apply(form: UserForm, user: User) -> None:
    """Copy the form onto ``user``; roles of disabled plugins the user holds are kept."""
    catalog = roles_catalog()
    kept = [r for r in user.roles if r not in catalog]
    user.name = form.name.data.strip()
    user.set_roles(sorted({*form.roles.data, *kept}))
    user.language = form.language.data
    user.timezone = form.timezone.data
    user.active = bool(form.active.data)


def _self_check(form: UserForm, user: User) -> bool:
    """Refuse changes by which the signed-in administrator would lock themselves out."""
    if user.id != current_user.id:
        return True
    ok = True
    if not form.active.data:
        form.active.errors.append(_("You cannot deactivate your own account."))
        ok = False
    catalog = roles_catalog()
    granted = set()
    for name in form.roles.data or []:
        if name in catalog:
            granted |= catalog[name].permissions
    if ALL not in granted and ADMIN_PERMISSION not in granted:
        form.roles.errors.append(
            _("You cannot remove your own administrator role: ask another administrator.")
        )
        ok = False
    return ok


def _email_taken(email: str) -> bool:
    return (
        db.session.execute(db.select(User.id).where(db.func.lower(User.email) == email)).first()
        is not None
    )


def _commit(form: NewUserForm | EditUserForm) -> bool:
    """Commit; a concurrent duplicate e-mail becomes a form error instead of a crash."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        field = getattr(form, "email", None) or form.name
        field.errors.append(_("A user with this e-mail already exists."))
        return False
    return True


def _page() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1
