# Sourced by start-local.sh. Fills in what is not set from scripts/local-defaults.env, the same way
# @mdi/platform's withLocalDefaults does for `npm run connectivity` and `npm run validate-data`:
# DATABASE_URL and REDIS_URL from the file; a provider whose *_BASE_URL is not set goes to the
# simulator (its keys, and Polygon's compressed budget window, from the file unless set). Leaves
# SIM_NEEDED (true/false), SIM_PORT and the keys the simulator must accept in SIM_POLYGON_KEYS /
# SIM_ALPACA_KEYS. Never changes what is set.

while IFS='=' read -r name value; do
  [[ "$name" =~ ^[A-Z][A-Z0-9_]*$ ]] && printf -v "LOCAL_$name" '%s' "$value"
done < "$(dirname "${BASH_SOURCE[0]}")/local-defaults.env"

export DATABASE_URL="${DATABASE_URL:-$LOCAL_DATABASE_URL}"
export REDIS_URL="${REDIS_URL:-$LOCAL_REDIS_URL}"

SIM_PORT="${SIM_PORT:-$LOCAL_SIM_PORT}"
SIM_NEEDED=false
SIM_POLYGON_KEYS="$LOCAL_SIM_POLYGON_API_KEY"
SIM_ALPACA_KEYS="$LOCAL_SIM_ALPACA_API_KEY:$LOCAL_SIM_ALPACA_SECRET_KEY"
if [ -z "${POLYGON_BASE_URL:-}" ]; then
  export POLYGON_BASE_URL="http://127.0.0.1:$SIM_PORT" POLYGON_API_KEY="${POLYGON_API_KEY:-$LOCAL_SIM_POLYGON_API_KEY}"
  export POLYGON_RATE_WINDOW_MS="${POLYGON_RATE_WINDOW_MS:-$LOCAL_SIM_POLYGON_RATE_WINDOW_MS}"
  SIM_POLYGON_KEYS="$POLYGON_API_KEY"
  SIM_NEEDED=true
fi
if [ -z "${ALPACA_BASE_URL:-}" ]; then
  export ALPACA_BASE_URL="http://127.0.0.1:$SIM_PORT" ALPACA_DATA_BASE_URL="${ALPACA_DATA_BASE_URL:-http://127.0.0.1:$SIM_PORT}"
  export ALPACA_API_KEY="${ALPACA_API_KEY:-$LOCAL_SIM_ALPACA_API_KEY}" ALPACA_SECRET_KEY="${ALPACA_SECRET_KEY:-$LOCAL_SIM_ALPACA_SECRET_KEY}"
  SIM_ALPACA_KEYS="$ALPACA_API_KEY:$ALPACA_SECRET_KEY"
  SIM_NEEDED=true
fi

# The service token (INTERNAL_API_TOKEN) and the gateway's admin token: when not set, each comes from
# its git-ignored file (INTERNAL_API_TOKEN_FILE, GATEWAY_ADMIN_TOKEN_FILE, relative to the repository),
# written once with 32 random bytes, so the CLI in another shell reads the same token (withLocalDefaults).
# Leaves ADMIN_TOKEN_WHERE saying where the admin token is, never the token itself.
local_token() {
  local name="$1" file="$2"
  if [ ! -s "$file" ]; then
    mkdir -p "$(dirname "$file")"
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$file")
  fi
  printf -v "$name" '%s' "$(head -n 1 "$file")"
  export "${name?}"
}
[ -n "${INTERNAL_API_TOKEN:-}" ] || local_token INTERNAL_API_TOKEN "$LOCAL_INTERNAL_API_TOKEN_FILE"
if [ -n "${GATEWAY_ADMIN_TOKEN:-}" ]; then
  ADMIN_TOKEN_WHERE="GATEWAY_ADMIN_TOKEN (set in the environment)"
else
  local_token GATEWAY_ADMIN_TOKEN "$LOCAL_GATEWAY_ADMIN_TOKEN_FILE"
  ADMIN_TOKEN_WHERE="$LOCAL_GATEWAY_ADMIN_TOKEN_FILE"
fi
