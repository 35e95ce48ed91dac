"""``nhip users create`` and ``nhip tokens create|list|revoke``."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from core.auth.passwords import password_problem
from core.cli import cli
from core.db import db, utcnow
from core.models import ApiToken, User
from core.models.users import TOKEN_DAYS

MAX_TOKEN_DAYS = 3650


@cli.group("users")
def users_group() -> None:
    """Manage users."""


@users_group.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, help="A role to grant (repeatable).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--language", default="en", type=click.Choice(["en", "vi"]))
@with_appcontext
def users_create(
    email: str, name: str, roles: tuple[str, ...], password_stdin: bool, language: str
) -> None:
    """Create a user (or update the name, and the roles and password when given, of an
    existing one). Without --role a new user gets the base role ``employee``."""
    from core.auth.access import roles_catalog

    email = email.strip().lower()
    if "@" not in email:
        raise click.ClickException(f"{email!r} is not an e-mail address")
    known = roles_catalog()
    unknown = [r for r in roles if r not in known]
    if unknown:
        raise click.ClickException(
            f"unknown role(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        problem = password_problem(password, [email, name])
        if problem:
            raise click.ClickException(f"password refused: {problem}")
    user = db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()
    created = user is None
    if created:
        user = User(email=email, name=name, language=language)
        db.session.add(user)
    user.name = name
    if roles or created:
        user.set_roles(list(roles) or ["employee"])
    if password:
        user.set_password(password)
    db.session.commit()
    click.echo(f"{'created' if created else 'updated'} {email} ({', '.join(user.roles)})")


@cli.group("tokens")
def tokens_group() -> None:
    """Personal API tokens."""


@tokens_group.command("create")
@click.argument("email")
@click.option("--name", "label", required=True, help="What the token is for.")
@click.option(
    "--days",
    type=click.IntRange(1, MAX_TOKEN_DAYS),
    default=TOKEN_DAYS,
    show_default=True,
    help="Days until the token expires.",
)
@with_appcontext
def tokens_create(email: str, label: str, days: int) -> None:
    """Create a token for EMAIL and print it once (only its hash is stored)."""
    user = _user(email)
    row, clear = ApiToken.issue(user, label, days=days)
    db.session.add(row)
    db.session.commit()
    click.echo(clear)


@tokens_group.command("list")
@click.argument("email", required=False)
@with_appcontext
def tokens_list(email: str | None) -> None:
    """Every token (or EMAIL's): id, owner, name, created, expires, last used."""
    query = db.select(ApiToken, User.email).join(User, ApiToken.user_id == User.id)
    if email:
        query = query.where(ApiToken.user_id == _user(email).id)
    rows = db.session.execute(query.order_by(User.email, ApiToken.id)).all()
    if not rows:
        click.echo("no tokens")
        return
    now = utcnow()
    click.echo(f"{'id':>5}  {'owner':30} {'name':20} {'created':16} {'expires':16} last used")
    for token, owner in rows:
        expires = _when(token.expires_at, "never") + (" (expired)" if token.expired(now) else "")
        click.echo(
            f"{token.id:>5}  {owner:30} {token.name:20} {_when(token.created_at, '')} "
            f"{expires:16} {_when(token.last_used_at, 'never')}"
        )


@tokens_group.command("revoke")
@click.argument("token_id", type=int)
@with_appcontext
def tokens_revoke(token_id: int) -> None:
    """Revoke (delete) the token TOKEN_ID; scripts using it are refused from now on."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise click.ClickException(f"no token {token_id}")
    owner, name = token.user.email, token.name
    db.session.delete(token)
    db.session.commit()
    click.echo(f"revoked token {token_id} ({name}) of {owner}")


def _user(email: str) -> User:
    user = db.session.execute(
        db.select(User).where(User.email == email.strip().lower())
    ).scalar_one_or_none()
    if user is None:
        raise click.ClickException(f"no user {email!r}")
    return user


def _when(value, empty: str) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else empty
