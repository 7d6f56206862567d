"""The ``triage-desk`` command. Headless subcommands never import Qt."""

from triage_desk.cli.main import main

__all__ = ["main"]
