"""Authenticating a command-line run: ``--user NAME`` plus a password from a prompt or the environment.

The password is never a command-line argument: those are visible to every user of the machine in
the process list and stay in shell history. Scripts set ``TRIAGE_DESK_PASSWORD`` instead (and a new
account's password in ``TRIAGE_DESK_NEW_PASSWORD``).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from triage_desk.domain.errors import TriageDeskError, ValidationError
from triage_desk.domain.principal import Principal
from triage_desk.services.app import AppServices, open_app

# Names of environment variables, not secrets.
PASSWORD_ENV = "TRIAGE_DESK_PASSWORD"  # noqa: S105
NEW_PASSWORD_ENV = "TRIAGE_DESK_NEW_PASSWORD"  # noqa: S105


def add_user_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    """``--user`` before or after the subcommand, like ``--data-dir``."""
    help_text = f"sign in as NAME (password from a prompt or ${PASSWORD_ENV})"
    parser.add_argument("--user", metavar="NAME", default=None, help=help_text)
    common.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS, help=help_text)


def _prompt(label: str) -> str:
    try:
        return getpass.getpass(label)
    except EOFError:
        raise TriageDeskError(
            "No password given.", hint=f"Run interactively, or set {PASSWORD_ENV} for scripts."
        ) from None


def read_password(username: str) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        return from_env
    return _prompt(f"Password for {username}: ")


def read_new_password(username: str, *, env: str = NEW_PASSWORD_ENV) -> str:
    """A new password: from ``env`` for scripts, else typed twice so a typo cannot lock anyone out."""
    from_env = os.environ.get(env)
    if from_env is not None:
        return from_env
    first = _prompt(f"New password for {username}: ")
    if _prompt("Type it again: ") != first:
        raise ValidationError("The two passwords were different; nothing was changed.")
    return first


def can_prompt() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


@contextmanager
def opened_app(args: argparse.Namespace) -> Iterator[AppServices]:
    app = open_app(args.data_dir)
    try:
        yield app
    finally:
        app.close()


@contextmanager
def signed_in(app: AppServices, args: argparse.Namespace) -> Iterator[Principal]:
    """Sign in as ``--user`` for the length of one command; the sign-out is audited too."""
    username = getattr(args, "user", None)
    if not username:
        raise TriageDeskError(
            f"'{args.command}' needs you to sign in.",
            hint=f"Add --user NAME; the password is asked for, or read from {PASSWORD_ENV}.",
        )
    principal = app.auth.sign_in(username, read_password(username))
    try:
        yield principal
    finally:
        app.auth.sign_out(principal)
