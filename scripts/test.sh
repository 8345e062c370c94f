#!/usr/bin/env bash
# The single test command (README, .ci/run): install what the tests need, then run them all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec bash scripts/run-tests.sh "$@"
