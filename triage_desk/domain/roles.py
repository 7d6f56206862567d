"""Roles and the record lifecycle states shared by every layer."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLINICIAN = "clinician"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class ContactStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"

