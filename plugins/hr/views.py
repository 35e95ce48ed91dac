"""HR's own pages under ``/hr``: the department tree, the org chart, "my leave" and the leave
requests waiting for the viewer's decision. Records themselves use the shell's generic pages
(``/r/hr.employee/`` ...)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length

from core import records
from core.auth import requires
from core.db import db
from core.errors import BusinessRuleError, Conflict, NotFound, TransitionError, ValidationError
from core.listing import base_select, ordered_by_default
from core.ui.badges import badges_for
from core.ui.conflicts import moved_on_text
from core.ui.links import next_target
from core.ui.panels import Panel
from plugins.hr import org
from plugins.hr.entities import APPROVE, FILE_LEAVE, LEAVE_TYPE_CHOICES, READ
from plugins.hr.leave_days import balance_of, this_year
from plugins.hr.models import Employee, LeaveRequest
from plugins.hr.orgchart import department_forest, manager_forest
from plugins.hr.rules import deciding_refusals

bp = Blueprint("hr", __name__, url_prefix="/hr", template_folder="templates")

LEAVE = "hr.leave_request"
DECISIONS = ("approved", "rejected")


class LeaveForm(FlaskForm):
    """Filing one's own leave request."""

    leave_type = SelectField(_l("Type"), validators=[DataRequired()])
    first_day = DateField(_l("First day"), validators=[DataRequired()])
    last_day = DateField(_l("Last day"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])
    submit_now = BooleanField(_l("Send to my manager now"), default=True)
    save = SubmitField(_l("Save"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.leave_type.choices = [SelectChoice(c.value, c.text) for c in LEAVE_TYPE_CHOICES]


@bp.get("/")
@requires(READ)
def index() -> Response:
    """HR's landing page: the org chart."""
    return redirect(url_for("hr.org_chart"))


@bp.get("/departments")
@requires(READ)
def department_tree() -> str:
    """Departments as a tree, each with its head and head count."""
    return render_template("hr/departments.html", forest=department_forest())


@bp.get("/org-chart")
@requires(READ)
def org_chart() -> str:
    """Active employees nested under their managers, from the top of the chain down."""
    return render_template("hr/org_chart.html", forest=manager_forest())


@bp.route("/leave", methods=["GET", "POST"])
@requires(FILE_LEAVE)
def my_leave() -> Response | str:
    """The viewer's own leave requests and a form to ask for more."""
    me = org.employee_of_user(current_user.id)
    form = LeaveForm()
    if me is not None and form.validate_on_submit():
        try:
            leave = records.create(
                LEAVE,
                {
                    "employee_id": me.id,
                    "leave_type": form.leave_type.data,
                    "first_day": form.first_day.data,
                    "last_day": form.last_day.data,
                    "reason": form.reason.data or None,
                },
                current_user.id,
                commit=False,
            )
            if form.submit_now.data:
                records.transition(LEAVE, leave, "submitted", current_user.id, commit=False)
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            for name, message in exc.fields.items():
                field = getattr(form, name, None)
                if field is not None:
                    field.errors = [*field.errors, message]
                else:
                    flash(message, "danger")
        except BusinessRuleError as exc:
            db.session.rollback()
            flash(exc.message, "danger")
        else:
            flash(_("Your leave request is saved."), "success")
            return redirect(url_for("hr.my_leave"))
    mine = []
    if me is not None:
        mine = (
            db.session.execute(
                select(LeaveRequest)
                .where(LeaveRequest.employee_id == me.id)
                .order_by(LeaveRequest.first_day.desc(), LeaveRequest.id.desc())
            )
            .scalars()
            .all()
        )
    status = 422 if form.errors else 200
    balance = balance_of(me, this_year(current_user)) if me is not None else None
    return render_template(
        "hr/my_leave.html",
        me=me,
        form=form,
        requests=mine,
        entity=records.entity_type(LEAVE),
        balance=balance,
    ), status


@bp.get("/leave/decide")
@requires(APPROVE)
def leave_to_decide() -> str:
    """Submitted requests the viewer may decide: their direct reports', or everyone's (but
    their own) for HR officers; each with the plugins' badges (SLA: the decision deadline)."""
    entity = records.entity_type(LEAVE)
    waiting = _waiting_for(current_user)
    badges = badges_for(entity, waiting, current_user)
    return render_template(
        "hr/leave_to_decide.html",
        requests=waiting,
        entity=entity,
        badges=badges,
        with_badges=any(badges.values()),
    )


def _decide_permission(to_state: str, **_: Any) -> str:
    return APPROVE if to_state in DECISIONS else FILE_LEAVE


@bp.post("/leave/<int:record_id>/<to_state>")
@requires(_decide_permission)
def move_leave(record_id: int, to_state: str) -> Response:
    """One-click submit, cancel, approve or reject from HR's pages; back to ``next``."""
    back = next_target(request.form.get("next"), url_for("hr.my_leave"))
    entity = records.entity_type(LEAVE)
    leave = db.session.execute(
        base_select(entity, current_user).where(LeaveRequest.id == record_id)
    ).scalar_one_or_none()
    if leave is None:
        raise NotFound(_("no such leave request"))
    try:
        records.transition(
            entity,
            leave,
            to_state,
            current_user.id,
            note=request.form.get("note", ""),
            from_state=request.form.get("from") or None,  # the state its page showed
        )
    except Conflict:  # moved by someone else since the page was shown
        flash(moved_on_text(entity, leave), "warning")
    except (BusinessRuleError, TransitionError) as exc:
        flash(exc.message, "danger")
    else:
        flash(
            _(
                "%(title)s: %(state)s",
                title=entity.title_of(leave),
                state=entity.state(to_state).text,
            ),
            "success",
        )
    return redirect(back)


def _waiting_for(user: Any) -> list[LeaveRequest]:
    """Submitted requests ``user`` may decide, by urgency when SLA tracks leave requests (the
    nearest decision deadline first; ``core.listing.ordered_by_default``), else oldest first:
    the decision rule itself (``rules.deciding_refusals``) filters the candidates, so that the
    list never offers what the rule would refuse (one's own leave however the employee record
    reads now, one's own filing)."""
    stmt = (
        select(LeaveRequest)
        .join(Employee, Employee.id == LeaveRequest.employee_id)
        .where(LeaveRequest.state == "submitted")
        .options(selectinload(LeaveRequest.employee).selectinload(Employee.department))
        .order_by(LeaveRequest.id)
    )
    if org.is_hr_officer(user):
        stmt = stmt.where((Employee.user_id != user.id) | Employee.user_id.is_(None))
    else:
        manager = org.employee_of_user(user.id)
        if manager is None:
            return []
        stmt = stmt.where(Employee.manager_id == manager.id)
    stmt = ordered_by_default(records.entity_type(LEAVE), user, stmt)
    candidates = list(db.session.execute(stmt).scalars().unique())
    refusals = deciding_refusals(candidates, user)
    return [leave for leave in candidates if refusals[leave.id] is None]


def leave_to_decide_panel(user: Any) -> Panel | None:
    """A dashboard panel listing the requests waiting for ``user``'s decision (None if none
    or if the user may not decide leave)."""
    from core.auth import has_permission

    if not has_permission(APPROVE, user):
        return None
    waiting = _waiting_for(user)
    if not waiting:
        return None
    html = render_template(
        "hr/leave_panel.html",
        requests=waiting[:8],
        more=len(waiting) - 8,
        entity=records.entity_type(LEAVE),
    )
    return Panel(_l("Leave to decide"), Markup(html), order=50, source="hr")
