#!/usr/bin/env bash
# The README's test command: installs what the tests need when it is missing, then
# runs every test. Arguments go to `cargo test` (e.g. `scripts/test.sh --test cli`).
#
# What the tests use besides Rust, and what installs it here (Debian/Ubuntu, apt-get,
# with sudo when not root):
#   tests/browser.rs  Chromium (package chromium, at /usr/bin/chromium or
#                     $CROSSCHECK_CHROMIUM), Node (nodejs, npm) and playwright-core
#                     (npm ci in tests/browser, without playwright's own browser download)
#   tests/formats.rs  Graphviz's `dot` (graphviz)
#   tests/cli.rs      script(1), for a pseudo-terminal (bsdutils)
# CROSSCHECK_SKIP_BROWSER=1 / CROSSCHECK_SKIP_GRAPHVIZ=1 install nothing for those
# tests, and cargo test reports them as ignored (build.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

set_() { [ -n "${!1:-}" ]; }
chromium="${CROSSCHECK_CHROMIUM:-/usr/bin/chromium}"

need=()
if ! set_ CROSSCHECK_SKIP_BROWSER; then
  if [ ! -x "$chromium" ]; then
    if set_ CROSSCHECK_CHROMIUM; then
      echo "scripts/test.sh: CROSSCHECK_CHROMIUM=$chromium is not an executable" >&2
      exit 2
    fi
    need+=(chromium)
  fi
  command -v node >/dev/null 2>&1 || need+=(nodejs)
  if [ ! -d tests/browser/node_modules/playwright-core ]; then
    command -v npm >/dev/null 2>&1 || need+=(npm)
  fi
fi
if ! set_ CROSSCHECK_SKIP_GRAPHVIZ; then
  command -v dot >/dev/null 2>&1 || need+=(graphviz)
fi
command -v script >/dev/null 2>&1 || need+=(bsdutils)

if [ ${#need[@]} -gt 0 ]; then
  echo "--- installing ${need[*]} (apt-get)"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "scripts/test.sh: no apt-get here; install ${need[*]} yourself" \
      "(or set CROSSCHECK_SKIP_BROWSER=1 / CROSSCHECK_SKIP_GRAPHVIZ=1 to mark those tests ignored)" >&2
    exit 2
  fi
  sudo_=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo_=(sudo)
    else
      echo "scripts/test.sh: not root and no sudo; install ${need[*]} as root" >&2
      exit 2
    fi
  fi
  # Wait for another apt-get or dpkg run rather than fail on its lock.
  apt=("${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
  # A fresh machine may have no package lists yet: update, then try again.
  "${apt[@]}" install -y --no-install-recommends "${need[@]}" \
    || { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "${need[@]}"; }
fi

if ! set_ CROSSCHECK_SKIP_BROWSER && [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "--- npm ci in tests/browser (playwright-core; Chromium is Debian's, no browser download)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund
fi

echo "--- cargo test --locked${*:+ $*}"
exec cargo test --locked "$@"
