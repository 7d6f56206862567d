"""Shift summary view and its PDF rendering (Qt)."""
