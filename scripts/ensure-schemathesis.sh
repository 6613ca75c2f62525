#!/usr/bin/env bash
# Installs the pinned Schemathesis (OpenAPI fuzzer, PyPI) into .venv-fuzz/, where test/fuzz.test.ts finds it.
# Idempotent: a venv that already has the pinned version is kept. Needs python3 (3.10+) with venv, or pip as a
# fallback; as root on Debian it installs python3-venv when the venv module is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.32.5
VENV=.venv-fuzz

if [ -x "$VENV/bin/schemathesis" ] && [ "$("$VENV/bin/schemathesis" --version 2>/dev/null)" = "schemathesis, version $VERSION" ]; then
  echo "schemathesis $VERSION is installed in $VENV"
  exit 0
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  echo "schemathesis needs Python 3.10 or newer; $PYTHON is $("$PYTHON" --version 2>&1)" >&2
  exit 1
fi

rm -rf "$VENV"
if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
  rm -rf "$VENV"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "python3 has no working venv module: installing python3-venv"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    "$PYTHON" -m venv "$VENV"
  else
    # Without venv: a pip --user install with its console script linked where the tests look.
    "$PYTHON" -m pip install --user --quiet "schemathesis==$VERSION"
    mkdir -p "$VENV/bin"
    ln -sf "$("$PYTHON" -c 'import site; print(site.USER_BASE)')/bin/schemathesis" "$VENV/bin/schemathesis"
  fi
fi
if [ -x "$VENV/bin/pip" ]; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
fi
"$VENV/bin/schemathesis" --version
