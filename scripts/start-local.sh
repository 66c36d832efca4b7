#!/usr/bin/env bash
# The main job on one machine: build, migrate, and run the four services.
# Without real provider URLs it also starts the provider simulator and points
# the services at it (Polygon and Alpaca are not reachable from here).
set -euo pipefail
cd "$(dirname "$0")/.."

export NX_DAEMON=false NX_NO_CLOUD=true
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export LOG_LEVEL="${LOG_LEVEL:-info}"

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait || true; }
trap stop_all EXIT INT TERM

echo "== building services"
npx nx run-many -t build --projects=polygon-ingestor,alpaca-monitor,quality-service,gateway --output-style=static

echo "== applying migrations"
npm run --silent db:migrate

if [ -z "${POLYGON_BASE_URL:-}" ] || [ -z "${ALPACA_BASE_URL:-}" ]; then
  echo "== starting the provider simulator on :4010 (no real provider URLs given)"
  export POLYGON_BASE_URL="http://127.0.0.1:4010" ALPACA_BASE_URL="http://127.0.0.1:4010"
  export POLYGON_API_KEY="${POLYGON_API_KEY:-sim-polygon-key}"
  export ALPACA_API_KEY="${ALPACA_API_KEY:-sim-alpaca-key}" ALPACA_SECRET_KEY="${ALPACA_SECRET_KEY:-sim-alpaca-secret}"
  npm run --silent sim -- --port 4010 --polygon-keys "$POLYGON_API_KEY" --alpaca-keys "$ALPACA_API_KEY:$ALPACA_SECRET_KEY" &
  pids+=($!)
fi

for app in polygon-ingestor alpaca-monitor quality-service gateway; do
  node "dist/apps/$app/main.js" &
  pids+=($!)
done

echo "== running; gateway: http://127.0.0.1:3000/health and /status (Ctrl-C stops everything)"
wait -n
echo "a process exited; stopping the rest" >&2
exit 1
