"""Saving, publishing and discarding policy drafts (``plugins.sla.models.draft``).

A draft applies to no record. Publishing saves it exactly as the policy form's Save does (a
new version when what it says changed; running clocks keep theirs), under the draft's row lock:
of two admins publishing the same draft at once, one publishes it and the other is told it is
already published. A draft made from an older version than the policy's current one is refused
(``Refused``, answered 409): publishing it would silently undo the newer version; the admin
opens the draft, compares, and saves it again, which makes it a draft of the current version.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from core.db import db, utcnow
from core.locks import locked_rows
from plugins.sla.admin.naming import rename
from plugins.sla.config_document import capped, check
from plugins.sla.config_schema import validate_policy
from plugins.sla.config_store import context, save_policy
from plugins.sla.ending import active_policy_ids, end_deactivated
from plugins.sla.models import Policy, PolicyDraft


class Refused(Exception):
    """The draft cannot be published; the message says why and what to do."""


@dataclass
class Published:
    """What publishing did: the policy, its outcome (created/updated/unchanged) and the
    running clocks each deactivated policy ended."""

    policy: Policy
    outcome: str
    ended: dict


def draft_of(policy: Policy) -> PolicyDraft | None:
    """The policy's draft, if it has one."""
    return db.session.execute(
        db.select(PolicyDraft).where(PolicyDraft.policy_id == policy.id)
    ).scalar_one_or_none()


def new_drafts() -> list[PolicyDraft]:
    """Drafts of policies not created yet, by name."""
    return list(
        db.session.execute(
            db.select(PolicyDraft).where(PolicyDraft.policy_id.is_(None)).order_by(PolicyDraft.name)
        ).scalars()
    )


def save_draft(
    definition: dict, policy: Policy | None, actor_id: int | None, draft: PolicyDraft | None = None
) -> PolicyDraft:
    """Keep ``definition`` as the draft of ``policy`` (a new policy's when None), replacing the
    policy's draft or ``draft``; it is based on the policy's current version."""
    if draft is None and policy is not None:
        draft = draft_of(policy)
    if draft is None:
        draft = PolicyDraft(policy_id=policy.id if policy else None)
        db.session.add(draft)
    draft.base_version_id = policy.current_version_id if policy else None
    draft.name = definition["name"]
    draft.entity = definition["entity"]
    draft.definition = definition
    draft.created_by = actor_id
    draft.updated_at = utcnow()
    db.session.commit()
    return draft


def problems_of(draft: PolicyDraft) -> list[str]:
    """What would stop the draft from being saved now (a calendar removed since, say)."""
    definition = draft.definition
    return check(definition) or capped(
        [
            p.removeprefix("policy").lstrip(".: ")
            for p in validate_policy(definition, context(), "policy")
        ]
    )


def publish(draft_id: int, actor_id: int | None) -> Published:
    """Publish the draft once; ``Refused`` when it is gone, stale or no longer valid."""
    rows = locked_rows(PolicyDraft, PolicyDraft.id == draft_id)
    if not rows:
        db.session.rollback()
        raise Refused(_("This draft was already published or discarded."))
    draft = rows[0]
    policy = db.session.get(Policy, draft.policy_id) if draft.policy_id else None
    if policy is not None:
        locked_rows(Policy, Policy.id == policy.id)
        if policy.current_version_id != draft.base_version_id:
            number = policy.current_version.number if policy.current_version else 0
            db.session.rollback()
            raise Refused(
                _(
                    "Policy %(name)s changed since this draft was made (it is at version %(n)d "
                    "now). Open the draft, compare it with version %(n)d and save it again "
                    "before publishing.",
                    name=policy.name,
                    n=number,
                )
            )
    elif _name_taken(draft.definition["name"]):
        db.session.rollback()
        raise Refused(_("A policy called %(name)s exists now: rename the draft.", name=draft.name))
    problems = problems_of(draft)
    if problems:
        db.session.rollback()
        raise Refused("; ".join(problems))
    rename(policy, draft.definition["name"])
    active_before = active_policy_ids()
    outcome = save_policy(draft.definition, actor_id)
    ended = end_deactivated(active_before, actor_id)
    db.session.delete(draft)
    db.session.commit()
    saved = db.session.execute(
        db.select(Policy).where(Policy.name == draft.definition["name"])
    ).scalar_one()
    return Published(saved, outcome, ended)


def _name_taken(name: str) -> bool:
    return (
        db.session.execute(db.select(Policy.id).where(Policy.name == name)).scalar_one_or_none()
        is not None
    )


def discard(draft_id: int) -> bool:
    """Delete the draft; False when it was already gone."""
    rows = locked_rows(PolicyDraft, PolicyDraft.id == draft_id)
    if not rows:
        db.session.rollback()
        return False
    db.session.delete(rows[0])
    db.session.commit()
    return True
