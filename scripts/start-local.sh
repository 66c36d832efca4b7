#!/usr/bin/env bash
# The main job on one machine: build, migrate, and run the four services.
# A provider without a real URL is served by the provider simulator, which
# the supervisor starts (Polygon and Alpaca are not reachable from here). Defaults for
# what is not set come from scripts/local-defaults.env, which the operator
# tools read too, so they work from a fresh shell against this system.
set -euo pipefail
cd "$(dirname "$0")/.."

export MDI_START_EPOCH_MS="${MDI_START_EPOCH_MS:-$(date +%s%3N)}"
export NX_DAEMON=false NX_NO_CLOUD=true
# shellcheck source=local-defaults.sh
source scripts/local-defaults.sh
export LOG_LEVEL="${LOG_LEVEL:-info}"

echo "== building services"
npx nx run-many -t build --projects=polygon-ingestor,alpaca-monitor,quality-service,gateway --output-style=static

echo "== applying migrations"
npm run --silent db:migrate

# The supervisor (tools/local-run/src/supervisor.ts) starts the simulator and the services, writes
# their logs to .local/logs/, says when all are ready and stops everything on Ctrl-C.
export SIM_NEEDED SIM_PORT SIM_POLYGON_KEYS SIM_ALPACA_KEYS ADMIN_TOKEN_WHERE
SWC_NODE_PROJECT=tsconfig.base.json exec node -r @swc-node/register tools/local-run/src/supervisor.ts
