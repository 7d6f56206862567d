#!/usr/bin/env bash
# Quick start: set up everything and start Triage Desk on its embedded default
# (a local SQLite database in your user data folder, with demo data on the first run).
# Usage: bash scripts/run.sh [triage-desk options, e.g. --data-dir DIR]
cd "$(dirname "$0")/.."
source scripts/common.sh
apt_install $QT_RUNTIME_PACKAGES
make_venv postgres
exec .venv/bin/triage-desk "$@"
