#!/usr/bin/env bash
# Installs the system tools the tests use as real, independent clients and servers: Debian's
# chromium (headless browser tests), raptor2-utils (rapper) and serdi (independent RDF parsers),
# nginx and apache2 (the publishing recipes are tested on the real servers), Apache Jena (rsparql:
# an independent SPARQL client for `puentes serve`), wrk (bench/serve.py's load generator) and
# Virtuoso (virtuoso-opensource: the second real store `publish --endpoint` is proven on,
# tests/test_virtuoso.py and bench/remote.py; started by them only, never as a service).
# Idempotent: does nothing when they are present. Needs root (CI runs as root).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rapper   >/dev/null 2>&1 || need+=(raptor2-utils)
command -v serdi    >/dev/null 2>&1 || need+=(serdi)
[ -x /usr/sbin/nginx ]   || need+=(nginx)
[ -x /usr/sbin/apache2 ] || need+=(apache2)
[ -e /usr/share/java/jena-cmds.jar ] || need+=(default-jre-headless libapache-jena-java)  # rsparql, an independent client
command -v wrk      >/dev/null 2>&1 || need+=(wrk)   # bench/serve.py: the HTTP load generator
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)  # a production SPARQL store
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "install-system-deps: missing ${need[*]}; run as root: sudo apt-get install ${need[*]}" >&2
  echo "  (the tests that need them are skipped meanwhile)" >&2
  exit 0
fi
echo "install-system-deps: installing ${need[*]} …" >&2
export DEBIAN_FRONTEND=noninteractive
# The web servers and Virtuoso are only started by the tests, on 127.0.0.1 ports of their own:
# keep the packages' scripts from starting system services (port 80, Virtuoso's 1111/8890).
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; made_policy=1
fi
trap '[ "$made_policy" = 1 ] && rm -f "$policy"' EXIT
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
