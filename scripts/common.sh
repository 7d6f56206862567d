# Shared by scripts/run.sh and scripts/test.sh: system packages, the virtualenv, PostgreSQL.
# Sourced, not executed. Works as root (CI, containers) or as a user with sudo.

set -euo pipefail
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Runtime libraries Qt's xcb platform plugin needs on a minimal Debian/Ubuntu, plus what the tests use.
QT_RUNTIME_PACKAGES="libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 fontconfig
  fonts-dejavu-core libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1"
TEST_PACKAGES="xvfb xauth x11-utils postgresql poppler-utils"

apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "No apt-get here: install the Qt runtime libraries and PostgreSQL with your package manager." >&2
        return 0
    fi
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing system packages: ${missing[*]}"
        as_root apt-get update -q
        as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

find_python() {
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
            echo "$candidate"; return 0
        fi
    done
    echo "Python 3.11 or newer is required (apt-get install python3.11 python3.11-venv)." >&2
    return 1
}

make_venv() {  # make_venv EXTRAS
    local py; py=$(find_python)
    if [ ! -x .venv/bin/python ]; then
        "$py" -m venv .venv || { echo "Creating the virtualenv failed: apt-get install python3-venv" >&2; return 1; }
    fi
    .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
    .venv/bin/python -m pip install -q -e ".[$1]" 2>&1 | grep -v "is ignored" || true
    .venv/bin/python -c "import triage_desk" || { echo "Installing Triage Desk into .venv failed." >&2; return 1; }
}

start_postgres() {
    # Debian's cluster tools work as root (pg_ctl itself refuses root). Idempotent.
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    pg_lsclusters -h | grep -qE "^${version} +main " || as_root pg_createcluster "$version" main >/dev/null
    as_root pg_ctlcluster "$version" main start 2>/dev/null || [ $? -eq 2 ]  # 2 = already running
    for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
    pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; return 1; }
    # As the postgres superuser over the local socket, whatever PG* variables the caller has set.
    local psql=(env -u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD -u PGDATABASE PGOPTIONS=--client-min-messages=warning
                psql -d postgres -v ON_ERROR_STOP=1 -qc)
    # pg_signal_backend: tests drop their hub databases WITH (FORCE), which must also end an
    # autovacuum worker that happens to be visiting the database.
    local sql="DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='triage_test')
      THEN CREATE ROLE triage_test LOGIN PASSWORD 'triage_test' CREATEDB; END IF; END\$\$;
      GRANT pg_signal_backend TO triage_test"
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "${psql[@]}" "$sql"; else sudo -u postgres "${psql[@]}" "$sql"; fi
    export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=triage_test PGPASSWORD=triage_test
}
