#!/usr/bin/env bash
# Builds the images of the four services, the migration and the provider simulator
# from the Nx build output, tagged <registry>/<name>:<package.json version>, the
# references of k8s/ (the offline k8s tests check they agree).
#   npm run images [-- <docker build options, e.g. --build-arg BASE=... --network host>]
# IMAGE_REGISTRY overrides ghcr.io/mdi; NPM_CA_FILE (default: the system CA bundle)
# is handed to npm ci inside the build as a secret, for registries behind a
# TLS-intercepting proxy. SKIP_NX_BUILD=1 reuses an existing dist/; IMAGES_ONLY="a b"
# builds only those.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=$(node -p "require('./package.json').version")
REGISTRY=${IMAGE_REGISTRY:-ghcr.io/mdi}
CA=${NPM_CA_FILE:-/etc/ssl/certs/ca-certificates.crt}
export DOCKER_BUILDKIT=1

# name, build output, entry file
IMAGES=(
  "gateway dist/apps/gateway main.js"
  "polygon-ingestor dist/apps/polygon-ingestor main.js"
  "alpaca-monitor dist/apps/alpaca-monitor main.js"
  "quality-service dist/apps/quality-service main.js"
  "provider-sim dist/tools/provider-sim main.js"
  "migrate dist/libs/storage migrate.js"
)

if [[ "${SKIP_NX_BUILD:-}" != 1 ]]; then
  NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build \
    -p gateway polygon-ingestor alpaca-monitor quality-service provider-sim storage --output-style=static
fi

secret=()
[[ -s "$CA" ]] && secret=(--secret "id=npm-ca,src=$CA")
only=${IMAGES_ONLY:-}
for entry in "${IMAGES[@]}"; do
  read -r name dist main <<<"$entry"
  [[ -z "$only" || " $only " == *" $name "* ]] || continue
  for f in "$dist/$main" "$dist/package.json" "$dist/package-lock.json"; do
    [[ -f "$f" ]] || { echo "images: $f is missing: run the Nx build of $name" >&2; exit 1; }
  done
  echo "images: building $REGISTRY/$name:$VERSION from $dist" >&2
  docker build "${secret[@]}" --build-arg "DIST=$dist" --build-arg "MAIN=$main" \
    -t "$REGISTRY/$name:$VERSION" "$@" .
done
echo "images: done, tag $VERSION" >&2
