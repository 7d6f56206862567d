"""Shift-summary queries and CSV/XLSX writers (PDF rendering lives in ui)."""
