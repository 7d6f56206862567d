"""Identifiers created on the device.

UUIDv7 is time-ordered, so B-tree inserts stay append-mostly and ids sort roughly by creation
time, yet two desks offline at the same moment can never collide. Ordering for sync never relies
on these timestamps (device clocks can be wrong); the hub's change-log sequence does that.
"""

from __future__ import annotations

import secrets

import uuid6


def new_id() -> str:
    """A new UUIDv7 as its canonical 36-character string."""
    return str(uuid6.uuid7())


def new_site_id() -> str:
    """A random per-install identifier (not time-ordered: it must not reveal install time)."""
    return secrets.token_hex(16)
