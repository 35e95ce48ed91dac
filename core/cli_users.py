"""``nhip users create`` and ``nhip tokens create``."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from core.cli import cli
from core.db import db
from core.models import ApiToken, User


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
        if len(password) < 8:
            raise click.ClickException("the password must have at least 8 characters")
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
@with_appcontext
def tokens_create(email: str, label: str) -> None:
    """Create a token for EMAIL and print it once (only its hash is stored)."""
    user = db.session.execute(
        db.select(User).where(User.email == email.strip().lower())
    ).scalar_one_or_none()
    if user is None:
        raise click.ClickException(f"no user {email!r}")
    row, clear = ApiToken.issue(user, label)
    db.session.add(row)
    db.session.commit()
    click.echo(clear)
