# Quick start on Windows (PowerShell): set up and run the whole test suite.
# Needs a running PostgreSQL server (e.g. the EDB installer's service) and a role that may create
# databases; pass its details in PGHOST/PGPORT/PGUSER/PGPASSWORD (defaults: 127.0.0.1, 5432,
# triage_test/triage_test). Like scripts/test.sh, a skipped PostgreSQL or UI test fails the run.
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python.exe -m pip install -q --upgrade pip
.venv\Scripts\python.exe -m pip install -q -e ".[dev,postgres]"
foreach ($pair in @(@("PGHOST","127.0.0.1"), @("PGPORT","5432"), @("PGUSER","triage_test"), @("PGPASSWORD","triage_test"))) {
    if (-not [Environment]::GetEnvironmentVariable($pair[0])) { Set-Item -Path "env:$($pair[0])" -Value $pair[1] }
}
$env:TRIAGE_DESK_REQUIRE = "ui,postgres"
& .venv\Scripts\python.exe -m pytest @args
exit $LASTEXITCODE
