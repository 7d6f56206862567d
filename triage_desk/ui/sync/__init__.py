"""Sync in the GUI: the background sync loop and the supervisor's quarantine dialog."""
