#!/usr/bin/env bash
# Checks that docker/compose.yaml parses and interpolates (no Docker engine needed).
# Uses docker-compose (v1) when installed, else the `docker compose` v2 plugin, else skips.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
compose_file="$here/compose.yaml"

# The compose file requires AUTH_JWT_SECRET (${AUTH_JWT_SECRET:?...}); give the syntax check a
# placeholder so it does not depend on a real secret being present.
export AUTH_JWT_SECRET="${AUTH_JWT_SECRET:-compose-config-check-placeholder}"

if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f "$compose_file" config -q
  echo "compose file OK (docker-compose $(docker-compose version --short 2>/dev/null || echo '?')): $compose_file"
elif command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  docker compose -f "$compose_file" config -q
  echo "compose file OK ($(docker compose version --short 2>/dev/null || echo 'docker compose')): $compose_file"
else
  echo "docker-compose not installed: compose file not checked"
fi
exit 0
