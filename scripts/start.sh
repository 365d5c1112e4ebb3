#!/usr/bin/env bash
# Production start of the web server: validate env and reach PostgreSQL/Redis (one clear sentence
# on failure), apply migrations, then serve the built app.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node22.sh
npx tsx scripts/preflight.ts
npx tsx scripts/migrate.ts
exec npx remix-serve ./build/server/index.js
