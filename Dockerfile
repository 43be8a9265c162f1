# One image for the worker, scheduler and API processes.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# The heap limit the bin gives every painmap process (bin/heap-limit.mjs), set here so the bin runs the
# command itself instead of starting a second process with it: without a limit Node lets garbage pile
# up to several hundred MB before a full collection. Set NODE_OPTIONS yourself to replace it.
ENV NODE_OPTIONS=--max-old-space-size=256
WORKDIR /app
COPY --from=build /app /app
USER node
ENTRYPOINT ["node", "bin/painmap.mjs"]
CMD ["worker"]
