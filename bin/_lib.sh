# shellcheck shell=bash
# Shared helpers of bin/run and bin/test. Sourced, not executed.
#
# Finding Odoo 18.0 (no environment variable is needed):
#   1. --odoo PATH on the command line, or the ODOO_HOME environment variable (override);
#   2. otherwise the first of these folders that holds an Odoo 18.0 source tree (odoo-bin + odoo/release.py):
#      /opt/odoo18  /opt/odoo  /usr/lib/python3/dist-packages  ~/odoo18  ~/odoo  <repo>/../odoo18  <repo>/../odoo
set -euo pipefail

SDP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SDP_MODULE=sales_dev_policy
# Every add-on of the repository: the main module and its bridges (sales_dev_policy_*), main first.
SDP_MODULES=$(cd "$SDP_ROOT" && for m in sales_dev_policy sales_dev_policy_*; do
    if [ -f "$m/__manifest__.py" ]; then printf '%s ' "$m"; fi; done)
SDP_MODULES=${SDP_MODULES% }
SDP_MODULES_CSV=${SDP_MODULES// /,}
SDP_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/sales_dev_policy
SDP_DATA=${XDG_DATA_HOME:-$HOME/.local/share}/sales_dev_policy
SDP_PG_BIN=""
SDP_ODOO_HOME=""
SDP_PY=""

sdp_die() {
    printf '\nERROR: %s\n\n' "$*" >&2
    exit 2
}

sdp_log() {
    # With SDP_LOG_CLOCK set (bin/test), each step says when it started (minutes:seconds).
    if [ -n "${SDP_LOG_CLOCK:-}" ]; then
        printf '==> [%02d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2
    else
        printf '==> %s\n' "$*" >&2
    fi
}

sdp_as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages the project needs: PostgreSQL 15 server binaries, Chromium (browser tests),
# wkhtmltopdf with CJK fonts (PDF reports in Chinese) and poppler-utils (pdftotext: tests read the PDFs).
sdp_ensure_debs() {
    local missing=()
    ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    ls /usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
    if [ ${#missing[@]} -gt 0 ]; then
        sdp_log "installing Debian packages: ${missing[*]}"
        # Another apt-get may be running (a second bin/ command, the machine's own updates):
        # wait for its lock instead of failing.
        local apt=(apt-get -o DPkg::Lock::Timeout=900 -y -q)
        sdp_as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >/dev/null ||
            { sdp_as_root "${apt[@]}" update >/dev/null &&
              sdp_as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >/dev/null; } ||
            sdp_die "could not install the Debian packages ${missing[*]}; install them with apt-get and retry."
    fi
    SDP_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    # Without a runtime folder Qt (wkhtmltopdf) says so on stderr, which Odoo logs as a WARNING.
    if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
        export XDG_RUNTIME_DIR="$SDP_CACHE/runtime"
        mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    fi
}

_sdp_is_odoo18() {
    [ -f "$1/odoo/release.py" ] && [ -e "$1/odoo-bin" ] &&
        grep -qE '^version_info = \(18, 0,' "$1/odoo/release.py"
}

sdp_find_odoo() {
    local override=${1:-${ODOO_HOME:-}}
    if [ -n "$override" ]; then
        [ -d "$override" ] || sdp_die "Odoo was looked for in '$override' (given by --odoo or ODOO_HOME), which does not exist."
        _sdp_is_odoo18 "$override" || sdp_die "'$override' is not an Odoo 18.0 source tree (expected odoo-bin and odoo/release.py with version 18.0). Install Odoo 18.0 community there, or point --odoo/ODOO_HOME at it."
        SDP_ODOO_HOME=$(cd "$override" && pwd)
        return
    fi
    local candidates=(/opt/odoo18 /opt/odoo /usr/lib/python3/dist-packages "$HOME/odoo18" "$HOME/odoo"
                      "$SDP_ROOT/../odoo18" "$SDP_ROOT/../odoo")
    local found_other=""
    for dir in "${candidates[@]}"; do
        if _sdp_is_odoo18 "$dir"; then
            SDP_ODOO_HOME=$(cd "$dir" && pwd)
            return
        elif [ -f "$dir/odoo/release.py" ]; then
            found_other="$dir"
        fi
    done
    if [ -n "$found_other" ]; then
        sdp_die "an Odoo that is not version 18.0 was found in '$found_other'. This module needs Odoo 18.0 community: install its source (https://github.com/odoo/odoo, branch 18.0) in /opt/odoo18, or pass --odoo PATH / set ODOO_HOME."
    fi
    sdp_die "Odoo 18.0 is not installed. This module needs the Odoo 18.0 community source (https://github.com/odoo/odoo, branch 18.0). Put it in /opt/odoo18 (the folder holding odoo-bin), or pass --odoo PATH / set ODOO_HOME. Searched: ${candidates[*]}"
}

# The addons path: Odoo's own addons folders, then this repository.
sdp_addons_path() {
    local paths=()
    [ -d "$SDP_ODOO_HOME/odoo/addons/base" ] && paths+=("$SDP_ODOO_HOME/odoo/addons")
    [ -d "$SDP_ODOO_HOME/addons/crm" ] && paths+=("$SDP_ODOO_HOME/addons")
    paths+=("$SDP_ROOT")
    local IFS=,
    echo "${paths[*]}"
}

# A virtualenv with the pinned requirements, cached per requirements file and Python version.
sdp_ensure_venv() {
    local python=${SDP_PYTHON:-python3}
    command -v "$python" >/dev/null || sdp_die "python3 (3.10-3.12) is needed."
    local key
    key=$( (cat "$SDP_ROOT/requirements.txt"; "$python" -VV) | sha256sum | cut -c1-12)
    local venv="$SDP_CACHE/venv-$key"
    if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
        sdp_log "creating the Python environment $venv (once)"
        rm -rf "$venv"
        mkdir -p "$SDP_CACHE"
        "$python" -m venv "$venv"
        "$venv/bin/pip" install -q --disable-pip-version-check -r "$SDP_ROOT/requirements.txt" 2>&1 |
            grep -v "is ignored: it is neither a file nor a directory" >&2 || true
        "$venv/bin/python" -c "import psycopg2, lxml, werkzeug, pytest" 2>/dev/null ||
            sdp_die "the Python requirements did not install into $venv; see the pip output above."
        touch "$venv/.complete"
    fi
    # Odoo is not pip-installed: make it importable from the venv.
    local site
    site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "$SDP_ODOO_HOME" > "$site/odoo18-home.pth"
    SDP_PY="$venv/bin/python"
    export PATH="$venv/bin:$PATH"
}

_sdp_free_port() {
    "${SDP_PY:-python3}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Start a PostgreSQL cluster in $1 (created when missing), listening on $2 and a socket in $1.
# PostgreSQL refuses to run as root: as root the cluster belongs to the 'postgres' user.
sdp_pg_start() {
    local dir=$1 port=$2 owner
    owner=$(id -un)
    [ "$owner" = root ] && owner=postgres
    _sdp_run_as() { if [ "$(id -un)" = "$owner" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi; }
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        mkdir -p "$dir"
        [ "$(id -u)" = 0 ] && chown "$owner" "$dir"
        _sdp_run_as "$SDP_PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! _sdp_run_as "$SDP_PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        _sdp_run_as "$SDP_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgresql.log" -w -t 60 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null || sdp_die "PostgreSQL did not start; see $dir/postgresql.log"
    fi
    # Odoo refuses to connect as 'postgres': it uses the role 'odoo'.
    "$SDP_PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -qtAc \
        "SELECT 1 FROM pg_roles WHERE rolname='odoo'" | grep -q 1 ||
        "$SDP_PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -qc \
            "CREATE ROLE odoo LOGIN SUPERUSER" >/dev/null
}

sdp_pg_stop() {
    local dir=$1 owner
    owner=$(id -un)
    [ "$owner" = root ] && owner=postgres
    if [ -f "$dir/data/PG_VERSION" ]; then
        if [ "$(id -un)" = "$owner" ]; then
            "$SDP_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
        else
            runuser -u "$owner" -- "$SDP_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
        fi
    fi
}
