"""`memories user ...`: the household's users, each with their own rules and notifications."""

from __future__ import annotations

import sys

import click


def _library(ctx: click.Context):
    from gentle_memories.deliver.cli import open_library

    return open_library(ctx)


def read_password(prompt: str) -> str:
    """From a pipe (scripts, tests), or typed twice unseen; never from the command line."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return click.prompt(prompt, hide_input=True, confirmation_prompt=True)


@click.group()
def user() -> None:
    """The household's users (who sign in), not the people in the photos."""


@user.command("add")
@click.argument("name")
@click.option("--admin", is_flag=True, help="May add users in Settings.")
@click.pass_context
def add(ctx: click.Context, name: str, admin: bool) -> None:
    """Add a user; the password is read from standard input, or asked for."""
    library = _library(ctx)
    made = library.add_user(name, read_password(f"Password for {name}"), admin)
    click.echo(f"User {made.name} added{' (admin)' if made.admin else ''}: no rules yet.")
    for other in library.users():
        if not other.has_password:
            click.echo(
                f"{other.name} has no password, and the page now asks everyone to sign in:"
                f" memories user password {other.name}"
            )


@user.command("list")
@click.pass_context
def list_users(ctx: click.Context) -> None:
    """Every user, and who is an admin."""
    for u in _library(ctx).users():
        marks = [m for m, on in (("admin", u.admin), ("no password", not u.has_password)) if on]
        click.echo(f"{u.name}" + (f"  ({', '.join(marks)})" if marks else ""))


@user.command("password")
@click.argument("name")
@click.pass_context
def password(ctx: click.Context, name: str) -> None:
    """Set NAME's password (read from standard input, or asked for)."""
    library = _library(ctx)
    found = library.for_user(name).user
    library.set_password(found, read_password(f"New password for {found.name}"))
    click.echo(f"Password of {found.name} changed.")


@user.command("rename")
@click.argument("name")
@click.argument("new_name")
@click.pass_context
def rename(ctx: click.Context, name: str, new_name: str) -> None:
    """Rename a user (the first one is called "me" until renamed)."""
    library = _library(ctx)
    done = library.rename_user(library.for_user(name).user, new_name)
    click.echo(f"{name} is now {done.name}.")
