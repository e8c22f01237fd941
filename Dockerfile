# browser-use-mock: a local emulator of the Browser Use Cloud API (v3 and v2).
#   docker build -t browser-use-mock .
#   docker run --rm -p 4010:4010 browser-use-mock
# scripts/container-smoke builds and runs this file for real with podman (CI runs it).

ARG NODE_IMAGE=node:24-slim

# Production dependencies only, resolved from the lock file.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Compiles TypeScript with the full dependency set.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Source maps and declarations serve no purpose at run time.
RUN npm run build && find dist \( -name '*.map' -o -name '*.d.ts' \) -delete
# Optional directories exist in every build, so the final stage can always copy them.
RUN mkdir -p fixtures assets

# The image: compiled code, the contract document, scenario fixtures and production dependencies.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4010
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/LICENSE ./
COPY --from=build /app/dist ./dist
COPY --from=build /app/openapi ./openapi
COPY --from=build /app/fixtures ./fixtures
COPY --from=build /app/assets ./assets
USER node
EXPOSE 4010
# A 10 s timeout: on a busy CI machine starting node inside the container alone can take over 3 s.
HEALTHCHECK --interval=10s --timeout=10s --start-period=5s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4010) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself (src/cli.ts), so `docker stop` ends it at once.
CMD ["node", "dist/cli.js"]
