#!/usr/bin/env bash
# README command 1: the whole app on its embedded defaults (local PostgreSQL and Redis, store and
# AI provider simulators, seeded demo shop). `--smoke` runs one bulk generation headless and exits.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
exec npx tsx scripts/demo.ts "$@"
