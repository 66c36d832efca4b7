#!/usr/bin/env bash
# The main job on one machine: build, migrate, and run the four services.
# A provider without a real URL is served by the provider simulator, which
# this starts (Polygon and Alpaca are not reachable from here). Defaults for
# what is not set come from scripts/local-defaults.env, which the operator
# tools read too, so they work from a fresh shell against this system.
set -euo pipefail
cd "$(dirname "$0")/.."

export NX_DAEMON=false NX_NO_CLOUD=true
# shellcheck source=local-defaults.sh
source scripts/local-defaults.sh
export LOG_LEVEL="${LOG_LEVEL:-info}"

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait || true; }
trap stop_all EXIT INT TERM

echo "== building services"
npx nx run-many -t build --projects=polygon-ingestor,alpaca-monitor,quality-service,gateway --output-style=static

echo "== applying migrations"
npm run --silent db:migrate

echo "== Polygon: $POLYGON_BASE_URL, Alpaca: $ALPACA_BASE_URL"
if [ "$SIM_NEEDED" = true ]; then
  echo "== starting the provider simulator on :$SIM_PORT (a provider URL is not set)"
  npm run --silent sim -- --port "$SIM_PORT" --polygon-keys "$SIM_POLYGON_KEYS" --alpaca-keys "$SIM_ALPACA_KEYS" &
  pids+=($!)
fi

for app in polygon-ingestor alpaca-monitor quality-service gateway; do
  node "dist/apps/$app/main.js" &
  pids+=($!)
done

echo "== running; gateway: http://127.0.0.1:3000/health and /status (Ctrl-C stops everything)"
echo "== admin endpoints (http://127.0.0.1:3000/admin/...) take the admin token in $ADMIN_TOKEN_WHERE:"
echo "   curl -H \"Authorization: Bearer \$(cat $LOCAL_GATEWAY_ADMIN_TOKEN_FILE)\" http://127.0.0.1:3000/admin/backfill/plan"
echo "   queue dashboard: open http://127.0.0.1:3000/admin/queues?token=<the token> (exchanged for a session cookie)"
wait -n
echo "a process exited; stopping the rest" >&2
exit 1
