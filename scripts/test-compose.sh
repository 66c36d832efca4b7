#!/usr/bin/env bash
# The compose test: runs compose.yaml for real, as the README tells a user to
# (`docker-compose --profile sim up -d`, Debian's Compose 1.29), on a private
# dockerd. No registry but npm's is reachable, so postgres:15 and redis:7 are
# local stand-ins built here (never in compose.yaml) from a debootstrap bookworm
# base with Debian's postgresql-15 and redis-server, behaving as the official
# images do for what compose.yaml uses (POSTGRES_USER / POSTGRES_DB /
# POSTGRES_PASSWORD on an empty data volume, pg_isready, redis-cli ping, a Redis
# reachable from the other containers); our images come from `npm run images` on
# the local Node 20 base (scripts/lib/local-base-image.sh). Then requires: the
# migration exits 0, every service's /health/ready answers 200 to the gateway's
# container by its service name (the compose network works), the gateway's
# /health answers 200 on the published port, and /status shows simulated data
# with the backfill done and bars stored (bounded by BACKFILL_TIMEOUT_S). Stops
# everything it started, its private dockerd included; the machine's PostgreSQL
# and Redis are never used.
#   npm run test:compose        (root: apt-get, dockerd, debootstrap)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
say() { echo "== test:compose: $* ($(($(date +%s) - start)) s)" >&2; }
die() { echo "FATAL: test:compose: $*" >&2; exit 1; }
BACKFILL_TIMEOUT_S=${BACKFILL_TIMEOUT_S:-240}

source scripts/lib/local-base-image.sh
extra=()
command -v docker-compose >/dev/null || extra+=(docker-compose)
local_docker_tools "${extra[@]}"

WORK=$(mktemp -d /tmp/mdi-test-compose.XXXXXX)
# All of it (base root filesystem, dockerd's images, layers and volumes: about 3 GB) in
# memory: on a busy disk, building there is faster, and removing it is an unmount
# instead of minutes of rm -rf over the images' node_modules.
tmpfs=false
mount -t tmpfs -o size=12g,mode=0700 mdi-test-compose "$WORK" 2>/dev/null && tmpfs=true
export DOCKER_HOST="unix://$WORK/docker.sock"
PROJECT=mditest
compose() { docker-compose -p "$PROJECT" -f compose.yaml --profile sim "$@"; }
ctr() { echo "${PROJECT}_$1_1"; }
up=false
bg=()
cleanup() {
  local code=$?
  for pid in "${bg[@]}"; do kill -- -"$pid" 2>/dev/null || true; done
  if [[ $up == true ]]; then
    if ((code != 0)); then
      compose ps >&2 || true
      compose logs --no-color --tail 15 >&2 2>&1 || true
    fi
    compose down -v --timeout 10 >"$WORK/down.log" 2>&1 || { tail -5 "$WORK/down.log" >&2; code=1; }
  fi
  stop_private_dockerd
  if [[ $tmpfs == true ]]; then
    umount -R "$WORK" 2>/dev/null || umount -l "$WORK" 2>/dev/null || true
  fi
  rm -rf "$WORK" 2>/dev/null || true
  say "$( ((code == 0)) && echo passed || echo FAILED)"
  exit $code
}
trap cleanup EXIT

# No default bridge and no iptables, NAT or forwarding changes on the host: the
# containers meet on the bridge network compose creates (plain L2 between them),
# and the gateway's published port is served by docker-proxy on 127.0.0.1.
say "private dockerd in $WORK ($([[ $tmpfs == true ]] && echo tmpfs || echo "on disk: no tmpfs"))"
start_private_dockerd --bridge=none --ip-forward=false

# The Nx build (CPU) runs while debootstrap and apt download (network, disk); each in
# its own process group, so that the EXIT trap can stop it.
say "Nx build of the images' projects, meanwhile the local base image: debootstrap bookworm (minbase) + $(node -v)"
IMAGES_ONLY=none setsid bash scripts/images.sh >"$WORK/nx-build.log" 2>&1 &
nx_build=$!
bg+=("$nx_build")
build_local_base_images

say "stand-ins for postgres:15 and redis:7 (Debian's postgresql-15 and redis-server)"
mkdir -p "$WORK/standins"
cat >"$WORK/standins/Dockerfile.db" <<'EOF'
FROM mdi-test/debian:bookworm
# The mirror's Release files may be older than their Valid-Until, as on this machine.
RUN printf 'Acquire::Check-Valid-Until "false";\nAcquire::Check-Date "false";\n' >/etc/apt/apt.conf.d/99mirror \
 && printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-common >/dev/null \
 && sed -ri 's/#(create_main_cluster) .*$/\1 = false/' /etc/postgresql-common/createcluster.conf \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 redis-server >/dev/null \
 && rm -rf /var/lib/apt/lists/*
EOF
cat >"$WORK/standins/Dockerfile.postgres" <<'EOF'
FROM mdi-test/db:bookworm
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
RUN mkdir -p "$PGDATA" /var/run/postgresql && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \
 && chmod 700 "$PGDATA"
COPY postgres-entrypoint.sh /usr/local/bin/
VOLUME /var/lib/postgresql/data
ENTRYPOINT ["postgres-entrypoint.sh"]
STOPSIGNAL SIGINT
CMD ["postgres"]
EOF
# As the official image: root hands over to the postgres user; an empty PGDATA is
# initialised with POSTGRES_USER as superuser (POSTGRES_PASSWORD, scram-sha-256 over
# TCP) and POSTGRES_DB created; the set-up server listens on a private socket only,
# so pg_isready does not pass before the real server is up.
cat >"$WORK/standins/postgres-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  printf '%s\n' "$POSTGRES_PASSWORD" >/tmp/pwfile
  initdb -D "$PGDATA" -U "$user" --pwfile=/tmp/pwfile -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f /tmp/pwfile
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  if [ "$db" != postgres ]; then
    mkdir -p /tmp/initdb-socket
    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/tmp/initdb-socket" -w start >/dev/null
    psql -h /tmp/initdb-socket -U "$user" -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$db\""
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  echo "postgres stand-in: initialised $PGDATA (user $user, database $db)"
fi
exec "$@"
EOF
cat >"$WORK/standins/Dockerfile.redis" <<'EOF'
FROM mdi-test/db:bookworm
RUN mkdir -p /data && chown redis:redis /data
VOLUME /data
WORKDIR /data
COPY redis-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["redis-entrypoint.sh"]
CMD ["redis-server"]
EOF
# As the official image: runs as the redis user in /data, and protected mode is off
# (it is compiled off there), so the other containers may connect without a password.
cat >"$WORK/standins/redis-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  chown redis:redis .
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
if [ "$1" = redis-server ]; then
  shift
  case "${1:-}" in
    ''|-*) set -- redis-server --protected-mode no "$@" ;;
    *) conf=$1; shift; set -- redis-server "$conf" --protected-mode no "$@" ;;
  esac
fi
exec "$@"
EOF
chmod +x "$WORK/standins/"*.sh
setsid bash -c '
  set -e
  cd "$1"
  export DOCKER_BUILDKIT=1
  docker build -q --network host -f Dockerfile.db -t mdi-test/db:bookworm . >/dev/null
  docker build -q --network host -f Dockerfile.postgres -t postgres:15 . >/dev/null
  docker build -q --network host -f Dockerfile.redis -t redis:7 . >/dev/null
' - "$WORK/standins" >"$WORK/standins.log" 2>&1 &
standins=$!
bg+=("$standins")

wait "$nx_build" || { tail -30 "$WORK/nx-build.log" >&2; die "Nx build failed"; }
say "npm run images on the local base (the Nx build done)"
SKIP_NX_BUILD=1 bash scripts/images.sh --network host --build-arg BASE=mdi-test/node:20 --build-arg BUILD_BASE=mdi-test/node-build:20 \
  >"$WORK/images.log" 2>&1 || { grep -E 'ERROR|error' "$WORK/images.log" | tail -20 >&2; die "image build failed"; }
wait "$standins" || { tail -20 "$WORK/standins.log" >&2; die "stand-in images failed"; }

GATEWAY_PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
export GATEWAY_PORT
say "docker-compose --profile sim up -d (gateway on 127.0.0.1:$GATEWAY_PORT)"
up=true
compose_start=$(date +%s)
compose up -d >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log" >&2; die "docker-compose up failed"; }
say "up returned after $(($(date +%s) - compose_start)) s"

read -r migrate_code migrate_state < <(docker inspect -f '{{.State.ExitCode}} {{.State.Status}}' "$(ctr migrate)")
[[ "$migrate_code $migrate_state" == "0 exited" ]] || die "migrate: exit code $migrate_code, $migrate_state"
migrate_log=$(docker logs "$(ctr migrate)" 2>&1)
echo "$migrate_log" | grep -q '^migrate: applied ' || { echo "$migrate_log" >&2; die "migrate applied nothing"; }
echo "  migrate exited 0: $(echo "$migrate_log" | grep '^migrate: applied ' | head -1 | cut -c1-100)" >&2

# From inside the gateway's container, by service name: what the gateway itself reaches.
inside_gateway() { # url -> HTTP status (000 when unreachable)
  docker exec "$(ctr gateway)" node -e "fetch(process.argv[1],{signal:AbortSignal.timeout(3000)}).then(r=>console.log(r.status),()=>console.log('000'))" "$1" 2>/dev/null || echo 000
}
for target in gateway:3000 polygon-ingestor:3001 alpaca-monitor:3002 quality-service:3003; do
  code=000
  for _ in $(seq 1 90); do
    code=$(inside_gateway "http://$target/health/ready")
    [[ "$code" == 200 ]] && break
    sleep 1
  done
  [[ "$code" == 200 ]] || die "${target%%:*} /health/ready answered $code"
  echo "  ${target%%:*} /health/ready 200" >&2
done
say "every service ready"

probe() { curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$GATEWAY_PORT$1" || true; }
code=000
for _ in $(seq 1 30); do code=$(probe /health); [[ "$code" == 200 ]] && break; sleep 1; done
[[ "$code" == 200 ]] || die "gateway /health on the published port answered $code"
echo "  gateway /health 200 on 127.0.0.1:$GATEWAY_PORT" >&2

bars() { docker exec "$(ctr postgres)" psql -U mdi -d mdi -tAc 'SELECT count(*) FROM data_ingestion.market_data' 2>/dev/null || echo 0; }
backfill_start=$(date +%s)
verdict=""
while (($(date +%s) - backfill_start < BACKFILL_TIMEOUT_S)); do
  curl -s -m 5 "http://127.0.0.1:$GATEWAY_PORT/status" >"$WORK/status.json" || true
  verdict=$(node -e '
    let s; try { s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); } catch { console.log("no /status yet"); process.exit(); }
    const runs = s.backfill?.recent ?? [];
    const done = runs.find((r) => r.status === "done");
    const f = s.freshness ?? {};
    const ok = s.providers === "simulated" && done && f.symbols > 0 && f.symbolsBehind === 0;
    console.log(`${ok ? "OK" : "waiting"} providers=${s.providers} backfill=${runs.map((r) => `${r.status}:${r.calls?.made}/${r.calls?.planned}`).join(",") || "none"} symbols=${f.symbols}/${f.symbolsCurrent} current newestStored=${f.newestStored}`);
  ' "$WORK/status.json")
  [[ "$verdict" == OK* ]] && break
  sleep 3
done
stored=$(bars)
echo "  /status: ${verdict#OK }; bars in PostgreSQL: $stored" >&2
[[ "$verdict" == OK* ]] || die "no completed backfill on /status within ${BACKFILL_TIMEOUT_S} s"
((stored > 0)) || die "no bars stored"
say "backfill done $(($(date +%s) - compose_start)) s after up was called"

# Nothing crashed meanwhile: every container but the finished migration is still up.
docker ps -a --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}} {{.Status}}' | grep -v ' Up ' | grep -v "$(ctr migrate)" \
  && die "a container is not up" || true
