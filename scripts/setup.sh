#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: npm packages from the lockfile and the moto
# AWS emulator in a project-local virtualenv, then builds. With --tests (npm test's pretest), also
# what only the tests use: the OCSF models (the tests' schema source) in the same virtualenv and
# Debian's chromium for the browser tests. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

TESTS=0
for arg in "$@"; do
    case "$arg" in
        --tests) TESTS=1 ;;
        *) echo "usage: bash scripts/setup.sh [--tests]" >&2; exit 2 ;;
    esac
done

MOTO_VERSION="5.2.5"
OCSF_MODELS_VERSION="0.10.0"

# In a package installed from npm (no lockfile, no sources: `s3-logging demo` runs this to get
# moto), npm has installed the packages and the build is shipped; only moto is missing.
INSTALLED=0
[ -f tsconfig.build.json ] || INSTALLED=1

if [ "$INSTALLED" -eq 0 ] && { [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
    npm ci --no-audit --no-fund
fi

if ! .venv/bin/python -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
    if ! command -v python3 >/dev/null; then
        echo "setup: python3 is missing; the local AWS emulator (moto) needs Python 3 with venv (Debian: apt-get install python3-venv)" >&2
        exit 1
    fi
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi

if [ "$TESTS" -eq 1 ]; then
    if ! .venv/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('py-ocsf-models') != '$OCSF_MODELS_VERSION')" 2>/dev/null; then
        .venv/bin/pip install --quiet --disable-pip-version-check "py-ocsf-models==$OCSF_MODELS_VERSION"
    fi

    # The HTML reports are tested in a real browser: Debian's chromium, never a downloaded one.
    if [ ! -x /usr/bin/chromium ]; then
        if [ "$(id -u)" -eq 0 ]; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
        else
            echo "setup: /usr/bin/chromium is missing; install Debian's chromium (sudo apt-get install chromium) for the browser tests" >&2
        fi
    fi
fi

# The CLI runs compiled JavaScript; an incremental build takes a second when nothing changed.
if [ "$INSTALLED" -eq 0 ]; then
    npx tsc -p tsconfig.build.json
fi
