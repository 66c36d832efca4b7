# One image per deployable, built from the Nx build output (run the build first;
# `npm run images` does both and tags every image with the package.json version):
#   docker build --build-arg DIST=dist/apps/gateway -t ghcr.io/mdi/gateway:0.1.0 .
# DIST is a build output directory holding the bundle and the package.json and
# package-lock.json Nx wrote for it: dist/apps/<app>, dist/tools/provider-sim, or
# dist/libs/storage for the migration (MAIN=migrate.js).
ARG BASE=node:20-bookworm-slim
# The stage that installs dependencies needs npm; BASE for the runtime need not have it.
ARG BUILD_BASE=${BASE}

FROM ${BUILD_BASE} AS deps
ARG DIST
WORKDIR /app
COPY ${DIST}/package.json ${DIST}/package-lock.json ./
# Only this deployable's production dependencies, exactly as locked, without
# install scripts (nothing is compiled or downloaded); node_modules exists even
# when there is none (the simulator). A registry behind a
# TLS-intercepting proxy: pass its CA bundle as the build secret npm-ca; it is
# mounted for this step only and never written into a layer.
RUN --mount=type=secret,id=npm-ca,required=false \
    if [ -s /run/secrets/npm-ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm-ca; fi; \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error \
    && mkdir -p node_modules && rm -rf /root/.npm

FROM ${BASE}
ARG DIST
ARG MAIN=main.js
ENV NODE_ENV=production MAIN=${MAIN}
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY ${DIST}/ ./
# UID 1000 owns nothing it runs: the code stays read-only under a read-only root
# filesystem; only /tmp (a tmpfs or emptyDir) is written.
USER 1000:1000
CMD exec node "/app/${MAIN}"
