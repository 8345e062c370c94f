#!/usr/bin/env bash
# Starts dockerd in the background unless a daemon already answers; waits until it does.
set -euo pipefail
if docker info >/dev/null 2>&1; then exit 0; fi
echo "setup: starting dockerd"
mkdir -p /var/log
nohup dockerd >/var/log/bosun-dockerd.log 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then exit 0; fi
  sleep 1
done
echo "setup: dockerd did not start; see /var/log/bosun-dockerd.log" >&2
tail -20 /var/log/bosun-dockerd.log >&2 || true
exit 1
