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
results=.glint/test-results; rm -rf "$results"; mkdir -p "$results"
for tier in unit integration e2e; do
  echo "== $tier"
  npx vitest run --project "$tier" --reporter=default --reporter=json --outputFile.json="$results/$tier.json"
done
# One closing line over all tiers, in the plain form any CI reader understands.
node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(`${process.argv[1]}/${f}`, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results"
