#!/usr/bin/env bash
# Runs the whole suite (node:test through tsx) after a typecheck, the format and lint checks and
# a build; extra arguments narrow it to some test files.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit -p .
# Format and lint: zero warnings (docs/CONVENTIONS.md).
npx prettier --check --log-level warn "src/**/*.ts" "test/**/*.ts" "bench/**/*.{ts,mjs}" "scripts/*.mjs" eslint.config.mjs
npx eslint --max-warnings 0 src test bench scripts eslint.config.mjs
# Unused files, exports and dependencies (knip.json).
npx knip --no-progress
npm run --silent build
# The single executable the container tests copy into images: built once here, not raced by
# several test files at once.
node scripts/build-sea.mjs >/dev/null
if (($#)); then files=("$@"); else mapfile -t files < <(find test -name '*.test.ts' | sort); fi
exec node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
