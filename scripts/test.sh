#!/usr/bin/env bash
# The test command: find or start Postgres and Redis, then run every vitest project.
set -euo pipefail
cd "$(dirname "$0")/.."
exports=$(bash scripts/services.sh)
eval "$exports"
exec npx vitest run "$@"
