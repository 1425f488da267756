#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine: npm packages from the lockfile and
# the moto AWS emulator in a project-local virtualenv. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

MOTO_VERSION="5.2.5"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
fi

if ! .venv/bin/python -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi

# The CLI runs compiled JavaScript; an incremental build takes a second when nothing changed.
npx tsc -p tsconfig.build.json
