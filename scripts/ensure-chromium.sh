#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for test/artifacts-browser.test.ts (which checks, in a real browser,
# that artifacts run sandboxed). Idempotent; as root on Debian it uses apt-get, elsewhere it only says what is missing
# (the test then skips with a warning).
set -euo pipefail
if command -v chromium >/dev/null || [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "chromium: $(command -v chromium || echo "$CHROMIUM_PATH")"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  # A failed install (no network, no such package) must not fail CI: the browser test then skips with its warning.
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
    echo "chromium: $(command -v chromium)"
  else
    echo "chromium could not be installed: test/artifacts-browser.test.ts will be skipped" >&2
  fi
else
  echo "chromium is not installed (apt-get install chromium): test/artifacts-browser.test.ts will be skipped" >&2
fi
