"""Reads of the assessment app, one module per part; the reminder sources are importable from here."""

from .acceptance import rectifications_due  # noqa: F401
