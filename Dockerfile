# syntax=docker/dockerfile:1
# Roster's image: the standalone server (`npm run build`), without the dev dependencies, as a non-root user.
# docs/operations.md lists the environment it needs; compose.yaml runs it beside PostgreSQL and Inngest.

FROM node:20-bookworm-slim AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /src/node_modules ./node_modules
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 ROSTER_DATA_DIR=/app/data
RUN groupadd --system roster && useradd --system --gid roster --home-dir /app roster \
  && mkdir -p /app/data && chown roster:roster /app/data
# Only what the server traced (its production dependencies among them), the static assets and the migrations.
COPY --from=build --chown=roster:roster /src/.next/standalone ./
USER roster
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Migrations apply at boot, under an advisory lock (several replicas may start at once).
CMD ["node", "--max-old-space-size=1536", "server.js"]
