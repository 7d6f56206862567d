#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle into dist/triage-desk/ and report its size.
# Needs the dev extras installed in .venv (bash scripts/test.sh does that).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build/pyinstaller dist/triage-desk
.venv/bin/pyinstaller --noconfirm --log-level WARN --clean \
    --workpath build/pyinstaller --distpath dist packaging/triage-desk.spec
size=$(du -sh dist/triage-desk | cut -f1)
echo "Built dist/triage-desk ($size)"
