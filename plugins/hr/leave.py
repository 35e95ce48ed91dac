"""Leave rules, pure (no Flask, no database): counting working days and who may decide.

Working days are counted by ``plugins.hr.leave_days`` from the organisation's calendar (the
``working_days`` hook: public holidays and company days off left out); without a calendar they
are Monday to Friday between the first and the last day, both included (``count_working_days``).

Who may decide (approve or reject) a submitted request — every condition must hold:

1. the decider is a person (no decision without an actor);
2. the decider is not the employee who asked (nobody decides their own leave): not the login
   linked to the employee record now, nor any login it was ever linked to (its audit trail),
   so that editing the employee record (unlinking one's login, linking it elsewhere, making
   oneself one's own manager) does not get round the rule;
3. the decider did not file or submit the request (whoever files a request, for themselves or
   for someone else, leaves the decision to another person);
4. the decider holds ``hr.approve``;
5. the decider is the employee's direct manager (the user linked to the manager's employee
   record) **or** an HR officer, i.e. a holder of ``hr.write`` (role ``hr_officer``, admins).

Rules 2 and 3 hold on the decider's identity and on the audit trail, which no page edits.

Submitting and cancelling are done by the employee themselves or by an HR officer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

LEAVE_TYPES = ("annual", "sick", "unpaid", "other")


def N_(message: str) -> str:
    """Mark ``message`` for translation; the caller translates it when showing it."""
    return message


def count_working_days(first: date, last: date) -> int:
    """Monday-to-Friday days from ``first`` to ``last`` included (0 if ``last < first``)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    for offset in range(rest):
        if (first + timedelta(days=full_weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def date_problems(
    first: date | None, last: date | None, working_days: int | None = None
) -> dict[str, str]:
    """Field messages for a leave period that cannot be right; ``working_days`` is the
    period's count from the calendar (None: Monday to Friday)."""
    if first is None or last is None:
        return {}
    if last < first:
        return {"last_day": N_("must be on or after the first day")}
    if working_days is None and count_working_days(first, last) == 0:
        return {"last_day": N_("the period holds no working day (Monday to Friday)")}
    if working_days == 0:
        return {"last_day": N_("the period holds no working day (weekends and holidays are off)")}
    return {}


@dataclass(frozen=True)
class Decider:
    """What the approval rule needs to know about the person deciding."""

    user_id: int | None
    can_approve: bool
    is_officer: bool


def decision_refusal(
    decider: Decider,
    employee_user_id: int | None,
    manager_user_id: int | None,
    *,
    employee_logins: Iterable[int] = (),
    filed_by: Iterable[int] = (),
) -> str | None:
    """Why ``decider`` may not approve or reject the request, or None when they may.

    ``employee_logins`` are the logins the employee record was ever linked to (besides
    ``employee_user_id``, its login now); ``filed_by`` the users who filed or submitted it.
    """
    if decider.user_id is None:
        return N_("a leave request is decided by a person")
    if decider.user_id in {employee_user_id, *employee_logins}:
        return N_("nobody approves or rejects their own leave request")
    if decider.user_id in set(filed_by):
        return N_("nobody approves or rejects a leave request they filed or submitted")
    if not decider.can_approve:
        return N_("deciding leave requests needs the hr.approve permission")
    if decider.is_officer or (manager_user_id is not None and decider.user_id == manager_user_id):
        return None
    return N_("only the employee's direct manager or an HR officer decides this leave request")


def filing_refusal(
    actor_user_id: int | None, employee_user_id: int | None, actor_is_officer: bool
) -> str | None:
    """Why the actor may not file, edit, submit or cancel this employee's request, or None.

    ``actor_user_id`` None is the system itself (imports, demo data) and is allowed.
    """
    if actor_user_id is None or actor_is_officer:
        return None
    if employee_user_id is not None and actor_user_id == employee_user_id:
        return None
    return N_("only the employee themselves or an HR officer handles this leave request")
