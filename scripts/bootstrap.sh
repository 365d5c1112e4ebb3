# Sourced by demo.sh, test.sh and .ci/run: everything a fresh clone of this machine kind needs.
# Idempotent and quick when nothing is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/node22.sh

# npm packages: install when missing or when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "glint: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
# Prisma client on the JS engine (no native engine download).
if [ ! -f node_modules/.prisma/client/index.js ] || [ prisma/schema.prisma -nt node_modules/.prisma/client/index.js ]; then
  npx prisma generate >/dev/null
fi

# PostgreSQL and Redis: this machine kind starts them; start them with its own commands if not.
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "glint: starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "glint: starting Redis" >&2
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || redis-server --daemonize yes --port 6379 --save ""
  for _ in $(seq 1 30); do redis-cli ping >/dev/null 2>&1 && break; sleep 1; done
fi

# ffmpeg/ffprobe validate video outputs; Chromium runs the e2e tier. Both from Debian.
glint_need_apt=()
command -v ffprobe >/dev/null 2>&1 || glint_need_apt+=(ffmpeg)
# The multi-photo video's title/price overlay is drawn with DejaVu Sans (app/video/finish.server.ts).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || glint_need_apt+=(fonts-dejavu-core)
if [ "${GLINT_NEEDS_BROWSER:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then glint_need_apt+=(chromium); fi
if [ ${#glint_need_apt[@]} -gt 0 ]; then
  echo "glint: installing ${glint_need_apt[*]} from Debian" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${glint_need_apt[@]}") >&2
fi
