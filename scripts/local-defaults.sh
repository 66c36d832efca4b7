# Sourced by start-local.sh. Fills in what is not set from scripts/local-defaults.env, the same way
# @mdi/platform's withLocalDefaults does for `npm run connectivity` and `npm run validate-data`:
# DATABASE_URL and REDIS_URL from the file; a provider whose *_BASE_URL is not set goes to the
# simulator (its keys from the file unless set). Leaves SIM_NEEDED (true/false), SIM_PORT and the
# keys the simulator must accept in SIM_POLYGON_KEYS / SIM_ALPACA_KEYS. Never changes what is set.

while IFS='=' read -r name value; do
  [[ "$name" =~ ^[A-Z][A-Z0-9_]*$ ]] && printf -v "LOCAL_$name" '%s' "$value"
done < "$(dirname "${BASH_SOURCE[0]}")/local-defaults.env"

export DATABASE_URL="${DATABASE_URL:-$LOCAL_DATABASE_URL}"
export REDIS_URL="${REDIS_URL:-$LOCAL_REDIS_URL}"

SIM_PORT="$LOCAL_SIM_PORT"
SIM_NEEDED=false
SIM_POLYGON_KEYS="$LOCAL_SIM_POLYGON_API_KEY"
SIM_ALPACA_KEYS="$LOCAL_SIM_ALPACA_API_KEY:$LOCAL_SIM_ALPACA_SECRET_KEY"
if [ -z "${POLYGON_BASE_URL:-}" ]; then
  export POLYGON_BASE_URL="http://127.0.0.1:$SIM_PORT" POLYGON_API_KEY="${POLYGON_API_KEY:-$LOCAL_SIM_POLYGON_API_KEY}"
  SIM_POLYGON_KEYS="$POLYGON_API_KEY"
  SIM_NEEDED=true
fi
if [ -z "${ALPACA_BASE_URL:-}" ]; then
  export ALPACA_BASE_URL="http://127.0.0.1:$SIM_PORT"
  export ALPACA_API_KEY="${ALPACA_API_KEY:-$LOCAL_SIM_ALPACA_API_KEY}" ALPACA_SECRET_KEY="${ALPACA_SECRET_KEY:-$LOCAL_SIM_ALPACA_SECRET_KEY}"
  SIM_ALPACA_KEYS="$ALPACA_API_KEY:$ALPACA_SECRET_KEY"
  SIM_NEEDED=true
fi
