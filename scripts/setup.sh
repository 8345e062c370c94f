#!/usr/bin/env bash
# Installs what the test suite needs, idempotently: Debian packages (the oracles: ansible-core,
# Python Jinja2 and PyYAML; Docker and debootstrap for container tests; systemd-analyze; a compiler
# for the PID 1 addon), npm packages, a running dockerd, the debootstrap base image.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(ansible-core python3-jinja2 python3-yaml python3-passlib docker.io debootstrap systemd iproute2 procps util-linux bsdutils git make g++)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when node_modules does not match the lock file.
stamp=node_modules/.bosun-lock-stamp
if ! [ -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

bash scripts/start-docker.sh
bash scripts/base-image.sh
