#!/usr/bin/env bash
# The benchmark suite's own references (not needed by the tests or the build): Apache Jena's
# SHACL validator from Debian (jars only; bench/run.py builds its class path). serdi and
# rapper come with scripts/install-system-deps.sh.
set -euo pipefail
if [ ! -f /usr/share/java/jena-shacl.jar ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y --no-install-recommends libapache-jena-java default-jre-headless
fi
