#!/bin/sh
# Set up what the browser tests (and the clock test) need; `make browser` (a prerequisite of `make test`) runs this.
#
#   - Chromium from Debian (/usr/bin/chromium, or $VERSUS_CHROMIUM): installed with apt-get when we run
#     as root (as CI does); otherwise we stop and name the one command that installs it.
#   - axe-core, pinned, from the npm registry into .cache/npm (git-ignored); reinstalled only when the
#     installed version differs from the pin, so a second run costs nothing.
#
# Nothing is skipped silently: when something cannot be set up, this exits non-zero, and the browser
# tests themselves fail (never skip) when Chromium or axe-core is missing.
set -eu

CHROMIUM="${VERSUS_CHROMIUM:-/usr/bin/chromium}"
AXE_VERSION="4.14.1"
NPM_PREFIX=".cache/npm"
AXE_PKG="$NPM_PREFIX/node_modules/axe-core/package.json"

is_root() { [ "$(id -u)" = "0" ]; }

apt_install() {
    # Quietly; `apt-get update` only when the first try fails (stale or empty package lists).
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "$@" >/dev/null \
        || { apt-get update -qq >/dev/null && apt-get install -y -qq "$@" >/dev/null; }
}

if [ ! -x "$CHROMIUM" ]; then
    if is_root && [ -z "${VERSUS_CHROMIUM:-}" ]; then
        echo "browser: installing Chromium (apt-get install -y chromium)" >&2
        apt_install chromium
        [ -x "$CHROMIUM" ] || { echo "browser: apt-get installed chromium but $CHROMIUM is missing" >&2; exit 1; }
    else
        echo "browser: Chromium is missing ($CHROMIUM). Install it with:" >&2
        echo "    sudo apt-get install -y chromium" >&2
        exit 1
    fi
fi

# faketime lets tests/test_build_faults.py build under another clock (determinism across days).
if ! command -v faketime >/dev/null 2>&1; then
    if is_root; then
        echo "tests: installing faketime (apt-get install -y faketime)" >&2
        apt_install faketime
    else
        echo "tests: faketime is missing; the clock test will be skipped. Install: sudo apt-get install -y faketime" >&2
    fi
fi

installed=""
if [ -f "$AXE_PKG" ]; then
    installed=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$AXE_PKG" | head -n 1)
fi
if [ "$installed" != "$AXE_VERSION" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        if is_root; then
            echo "browser: installing npm (apt-get install -y npm)" >&2
            apt_install nodejs npm
        else
            echo "browser: npm is missing (needed for axe-core). Install it with:" >&2
            echo "    sudo apt-get install -y npm" >&2
            exit 1
        fi
    fi
    echo "browser: installing axe-core@$AXE_VERSION into $NPM_PREFIX" >&2
    mkdir -p "$NPM_PREFIX"
    npm install --prefix "$NPM_PREFIX" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts --loglevel=error \
        "axe-core@$AXE_VERSION" >/dev/null
fi
