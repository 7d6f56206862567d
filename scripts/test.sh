#!/usr/bin/env bash
# Quick start: set up everything and run the whole test suite.
# Starts PostgreSQL for the hub tests; UI tests run offscreen. Fails if any test fails, and also if a
# PostgreSQL or UI test is skipped (TRIAGE_DESK_REQUIRE), so green always means they really ran.
# Usage: bash scripts/test.sh [pytest options]
cd "$(dirname "$0")/.."
source scripts/common.sh
apt_install $QT_RUNTIME_PACKAGES $TEST_PACKAGES
make_venv dev,postgres
start_postgres
export TRIAGE_DESK_REQUIRE="ui,postgres"
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
[ $rc -eq 5 ] && echo "pytest collected no tests: treating as a failure" >&2
exit $rc
