# Sourced by scripts/test-images.sh and scripts/test-compose.sh: the container steps
# both share on a machine that reaches no image registry (only npm's and Debian's).
# The caller defines say and die, sets WORK (a fresh directory it removes) and
# exports DOCKER_HOST=unix://$WORK/docker.sock.
#   local_docker_tools [package...]     installs docker.io, debootstrap (and the packages given) when missing
#   start_private_dockerd [option...]   dockerd on $WORK only, never touching iptables (options: network mode)
#   stop_private_dockerd                stops it and unmounts what it leaves mounted (from the caller's EXIT trap)
#   build_local_base_images             mdi-test/debian:bookworm (debootstrap minbase), mdi-test/node:20
#                                       (+ this machine's Node) and mdi-test/node-build:20 (+ its npm)

# Debian's client: a /usr/local/bin/docker may come first in PATH without BuildKit support.
docker() { /usr/bin/docker "$@"; }
export -f docker

local_docker_tools() {
  local need=("$@")
  command -v dockerd >/dev/null && [[ -x /usr/bin/docker ]] || need+=(docker.io)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  if ((${#need[@]})); then
    say "installing ${need[*]} (Debian packages)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; } \
      || die "cannot install ${need[*]} with apt-get"
  fi
}

start_private_dockerd() {
  dockerd --data-root "$WORK/data" --exec-root "$WORK/exec" -H "$DOCKER_HOST" --pidfile "$WORK/dockerd.pid" \
    --iptables=false --ip6tables=false --ip-masq=false "$@" >"$WORK/dockerd.log" 2>&1 &
  for _ in $(seq 1 30); do docker version >/dev/null 2>&1 && break; sleep 1; done
  docker version >/dev/null 2>&1 || { tail -5 "$WORK/dockerd.log" >&2; die "dockerd did not start"; }
}

stop_private_dockerd() {
  if [[ -f "$WORK/dockerd.pid" ]]; then
    kill "$(cat "$WORK/dockerd.pid")" 2>/dev/null || true
    for _ in $(seq 1 20); do [[ -f "$WORK/dockerd.pid" ]] || break; sleep 0.5; done
  fi
  # dockerd leaves its network namespaces mounted
  umount "$WORK"/exec/netns/* 2>/dev/null || true
}

build_local_base_images() {
  debootstrap --variant=minbase bookworm "$WORK/rootfs" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -5 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
  tar -C "$WORK/rootfs" -c . | docker import - mdi-test/debian:bookworm >/dev/null
  rm -rf "$WORK/rootfs"
  mkdir -p "$WORK/base"
  cp "$(readlink -f "$(command -v node)")" "$WORK/base/node"
  cp -r "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$WORK/base/npm"
  printf 'FROM mdi-test/debian:bookworm\nCOPY node /usr/local/bin/node\n' >"$WORK/base/Dockerfile.run"
  printf 'FROM mdi-test/node:20\nCOPY npm /usr/local/lib/node_modules/npm\nRUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm\n' >"$WORK/base/Dockerfile.build"
  DOCKER_BUILDKIT=1 docker build -q --network host -f "$WORK/base/Dockerfile.run" -t mdi-test/node:20 "$WORK/base" >/dev/null
  DOCKER_BUILDKIT=1 docker build -q --network host -f "$WORK/base/Dockerfile.build" -t mdi-test/node-build:20 "$WORK/base" >/dev/null
  rm -rf "$WORK/base"
}
