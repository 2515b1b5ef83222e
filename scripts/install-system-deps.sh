#!/usr/bin/env bash
# Installs the system tools the tests use as real, independent clients: Debian's chromium
# (headless browser tests), raptor2-utils (rapper) and serdi (independent RDF parsers).
# Idempotent: does nothing when they are present. Needs root (CI runs as root).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rapper   >/dev/null 2>&1 || need+=(raptor2-utils)
command -v serdi    >/dev/null 2>&1 || need+=(serdi)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "install-system-deps: missing ${need[*]}; run as root: sudo apt-get install ${need[*]}" >&2
  echo "  (the tests that need them are skipped meanwhile)" >&2
  exit 0
fi
echo "install-system-deps: installing ${need[*]} …" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
