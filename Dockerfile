# jira-support-middleware: one image for the HTTP service (`serve`, the default) and the sweep
# (`sweep`, run by the Kubernetes CronJobs). See deploy/README.md.
#
#   docker build -t registry.example.com/jira-support-middleware:0.1.0 .
#   docker run --rm -p 3000:3000 --env-file .env <image>      # the service (NODE_ENV=production)
#   docker run --rm --env-file .env <image> sweep --dry-run    # any other command
#   docker run --rm -p 3000:3000 -e NODE_ENV=development <image>
#       demo: no JIRA_BASE_URL, so the embedded sandbox Jira (on 127.0.0.1 inside the container)
#
# The image runs the compiled dist/, not src/. Node 24 could run the .ts sources directly (type
# stripping), but the compiled output needs neither TypeScript-only Node flags
# (--experimental-strip-types) nor type stripping at every start, it is what the package's `bin`
# points at, and `tsc` type-checks the sources once more while the image is built: a type error
# fails the build instead of reaching production. The runtime stage then holds dist/, the
# production dependencies and the YAML files the service reads, and no TypeScript at all.
#
# Base: the official node:24-slim image, not the npm package `node` that package.json pins as a
# devDependency for development machines (dev dependencies are never installed in the runtime
# stage). Pin a digest for reproducible builds: --build-arg NODE_IMAGE=node:24-slim@sha256:...
ARG NODE_IMAGE=node:24-slim

# ---- build: all dependencies (the TypeScript compiler is a dev dependency), then tsc -----------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the only install scripts in the tree belong to dev tools the build does not run,
# above all the npm package `node`, which would download a second, 120 MB Node binary.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# tsc -p tsconfig.build.json: dist/, with the .ts import specifiers rewritten to .js. (With
# --ignore-scripts the `node` package installs no binary, so tsc runs on the image's own node.)
RUN npm run build

# ---- production dependencies only ---------------------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime --------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Everything is owned by root, readable but not writable by the service's user: the process cannot
# change its own code or configuration, and the container runs fine with a read-only root filesystem
# (the service writes nothing but its logs, to stdout/stderr).
# package.json: "type": "module" makes dist/**/*.js ES modules.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read relative to the working directory (/app): config/projects.yaml (CONFIG_FILE's default;
# Kubernetes mounts its own and points CONFIG_FILE at it), webhooks/admin-webhook.yaml (the
# webhook definition, for `serve` and `webhooks register`), and config/sandbox.yaml, the seed of
# the embedded sandbox Jira, used only when JIRA_BASE_URL is unset outside production (the demo).
COPY config/projects.yaml config/sandbox.yaml ./config/
COPY webhooks/admin-webhook.yaml ./webhooks/

# The official image's unprivileged `node` user (uid 1000, gid 1000), given by number so that
# Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 1000:1000
EXPOSE 3000

# No curl in slim images: Node's own fetch. Kubernetes ignores HEALTHCHECK (it uses the probes of
# deploy/kubernetes/deployment.yaml); this is for docker run and compose. A container running
# `sweep` instead of `serve` has no HTTP server and shows as unhealthy, which stops nothing.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# Exec form, node itself as PID 1 (never `npm start`, which does not pass signals on reliably):
# SIGTERM reaches the service, which stops taking deliveries, finishes those in flight and the
# current sweep issue, and exits 0 within 10 s. (`serve` handles SIGTERM/SIGINT itself, so node
# being PID 1 is fine; `sweep` does not, so a sweep container ignores SIGTERM and is killed at the
# end of the grace period; every action re-reads Jira and is idempotent, so that is harmless.
# `docker run --init` adds an init process if you want SIGTERM to end it at once.)
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]
