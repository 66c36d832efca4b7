#!/usr/bin/env bash
# The real container test (CI runs it after the unit suites): builds every image
# with `npm run images` on a local base image (debootstrap bookworm + this
# machine's Node 20; no registry but npm's is reachable), runs the migration image
# twice against a scratch database (the second run must change nothing), then runs
# every pod of ours as the rendered dev overlay says (its env from the ConfigMap
# and the Secret made from secrets.env.example, its UID, read-only root with a
# tmpfs /tmp, all capabilities dropped, its memory limit) on the host network
# against this machine's PostgreSQL and Redis, and requires /health/live and
# /health/ready to answer 200. Prints each image's size. Stops everything it
# started, its private dockerd included.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
say() { echo "== test:images: $*" >&2; }
die() { echo "FATAL: test:images: $*" >&2; exit 1; }

source scripts/lib/local-base-image.sh
local_docker_tools

WORK=$(mktemp -d /tmp/mdi-test-images.XXXXXX)
export DOCKER_HOST="unix://$WORK/docker.sock"
DB="mdi_images_$$_$(date +%s)"
REDIS_DB=13
containers=()
cleanup() {
  local code=$?
  ((${#containers[@]})) && docker rm -f "${containers[@]}" >/dev/null 2>&1 || true
  stop_private_dockerd
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -n "$REDIS_DB" flushdb >/dev/null 2>&1 || true
  rm -rf "$WORK" 2>/dev/null || true
  say "$( ((code == 0)) && echo passed || echo FAILED) in $(($(date +%s) - start)) s"
  exit $code
}
trap cleanup EXIT

say "private dockerd in $WORK (no bridge, no iptables changes)"
start_private_dockerd --bridge=none

say "local base image: debootstrap bookworm (minbase) + $(node -v)"
build_local_base_images

say "npm run images on it"
bash scripts/images.sh --network host --build-arg BASE=mdi-test/node:20 --build-arg BUILD_BASE=mdi-test/node-build:20 \
  >"$WORK/images.log" 2>&1 || { grep -E 'ERROR|error' "$WORK/images.log" | tail -20 >&2; die "image build failed"; }

psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" >/dev/null
redis-cli -n "$REDIS_DB" flushdb >/dev/null

# Free ports for the host network, and the dev overlay's pods rewritten to use them.
SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/dev-overlay-env.ts >"$WORK/pods.jsonl"
node - "$WORK" "$DB" "$REDIS_DB" <<'JS'
const fs = require('fs');
const net = require('net');
const [work, db, redisDb] = process.argv.slice(2);
const pods = fs.readFileSync(`${work}/pods.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const free = () => new Promise((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
(async () => {
  const ports = {};
  for (const p of pods) if (p.port) ports[p.name] = await free();
  for (const p of pods) {
    const env = { ...p.env };
    for (const [k, v] of Object.entries(env)) {
      env[k] = v.replace(/http:\/\/([a-z-]+):(\d+)/g, (m, host) => (ports[host] ? `http://127.0.0.1:${ports[host]}` : m));
    }
    if ('DATABASE_URL' in env) env.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${db}`;
    if ('REDIS_URL' in env) env.REDIS_URL = `redis://127.0.0.1:6379/${redisDb}`;
    if (p.port) {
      if ('PORT' in env) env.PORT = String(ports[p.name]);
      if ('SIM_PORT' in env) { env.SIM_PORT = String(ports[p.name]); env.SIM_HOST = '127.0.0.1'; }
    }
    fs.writeFileSync(`${work}/${p.name}.env`, Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
    const mem = String(p.memory).replace(/Mi$/, 'm').replace(/Gi$/, 'g');
    fs.appendFileSync(`${work}/pods.tsv`, [p.name, p.kind, p.image, p.port ? ports[p.name] : '-', mem, p.user, p.readOnly, (p.command || []).join(' ')].join('\t') + '\n');
  }
})();
JS

run_args() { # name memory user readonly
  local a=(--network host --user "$3" --cap-drop ALL --security-opt no-new-privileges --tmpfs /tmp --memory "$2" --env-file "$WORK/$1.env")
  [[ "$4" == true ]] && a+=(--read-only)
  printf '%s\n' "${a[@]}"
}

while IFS=$'\t' read -r name kind image port mem user ro command; do
  [[ "$kind" == Job ]] || continue
  mapfile -t args < <(run_args "$name" "$mem" "$user" "$ro")
  say "migration Job $name, twice"
  first=$(docker run --rm "${args[@]}" "$image" $command 2>&1) || { echo "$first" >&2; die "first migration run failed"; }
  echo "$first" | grep -q '^migrate: applied ' || { echo "$first" >&2; die "first migration run applied nothing"; }
  second=$(docker run --rm "${args[@]}" "$image" $command 2>&1) || { echo "$second" >&2; die "second migration run failed"; }
  [[ "$second" == "migrate: schema up to date" ]] || { echo "$second" >&2; die "second migration run was not a no-op"; }
done <"$WORK/pods.tsv"

while IFS=$'\t' read -r name kind image port mem user ro command; do
  [[ "$kind" == Deployment ]] || continue
  mapfile -t args < <(run_args "$name" "$mem" "$user" "$ro")
  docker run -d --name "mdi-test-$name" "${args[@]}" "$image" >/dev/null
  containers+=("mdi-test-$name")
done <"$WORK/pods.tsv"

probe() { curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$1$2" || true; }
say "probes of ${#containers[@]} containers"
while IFS=$'\t' read -r name kind image port mem user ro command; do
  [[ "$kind" == Deployment ]] || continue
  paths=(/health/live /health/ready)
  [[ "$name" == provider-sim ]] && paths=(/)
  for path in "${paths[@]}"; do
    code=000
    for _ in $(seq 1 60); do
      code=$(probe "$port" "$path")
      [[ "$code" == 200 || ( "$name" == provider-sim && "$code" != 000 ) ]] && break
      sleep 1
    done
    if [[ "$code" != 200 && ! ( "$name" == provider-sim && "$code" != 000 ) ]]; then
      docker logs --tail 20 "mdi-test-$name" >&2 || true
      die "$name $path answered $code"
    fi
    echo "  $name $path $code" >&2
  done
done <"$WORK/pods.tsv"

say "image sizes"
while IFS=$'\t' read -r name kind image rest; do
  printf '  %-40s %4d MB\n' "$image" "$(($(docker image inspect -f '{{.Size}}' "$image") / 1000000))" >&2
done <"$WORK/pods.tsv"
