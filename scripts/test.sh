#!/usr/bin/env bash
# The whole test suite: typecheck, lint, then unit, integration (real PostgreSQL + Redis) and
# e2e (Chromium inside the local admin frame) tiers. Each tier prints its own summary.
set -euo pipefail
cd "$(dirname "$0")/.."
export GLINT_NEEDS_BROWSER=1
source scripts/bootstrap.sh

echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx eslint --max-warnings=0 .
echo "== extensions (shopify app build, offline)"
[ -d extensions/node_modules ] || npm ci --prefix extensions --no-audit --no-fund --loglevel=error
CI=1 npx --yes @shopify/cli@4.8.2 app build --skip-dependencies-installation
echo "== unit"; npx vitest run --project unit
echo "== integration"; npx vitest run --project integration
echo "== e2e"; npx vitest run --project e2e
