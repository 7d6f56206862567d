# Quick start on Windows (PowerShell): set up and start Triage Desk on its embedded default
# (local SQLite in %LOCALAPPDATA%\TriageDesk, demo data on the first run).
# Usage: powershell -ExecutionPolicy Bypass -File scripts\run.ps1 [triage-desk options]
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python.exe -m pip install -q --upgrade pip
.venv\Scripts\python.exe -m pip install -q -e ".[postgres]"
& .venv\Scripts\triage-desk.exe @args
exit $LASTEXITCODE
