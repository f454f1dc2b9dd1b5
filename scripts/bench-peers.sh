#!/usr/bin/env bash
# Makes the checkout of openai-gemini (github.com/PublicAffairs/openai-gemini) that bench/gateway.ts
# runs beside gemgate: scripts/bench-peers.sh SOURCE, where SOURCE is any git repository holding it
# (a mirror fetched beforehand, a local clone, or its GitHub URL where the network allows). Its code
# is not part of gemgate and is never committed: it goes to dist/peers/openai-gemini (ignored), at a
# pinned commit, with its one dependency (@whatwg-node/server, from its own lock file) installed
# from the npm registry, install scripts off. Portkey's gateway needs nothing here: it is an npm
# devDependency.
set -euo pipefail
SOURCE="${1:-${OPENAI_GEMINI_SOURCE:-/work/.mirror/PublicAffairs+openai-gemini/repo}}"
# "Sanitize JSON schema", 2025-08-20: the newest commit when the peers were added (issue 22).
COMMIT=703aaad2a7788c393b0aa974a02eb58485ba2e72
DEST="$(cd "$(dirname "$0")/.." && pwd)/dist/peers/openai-gemini"
rm -rf "$DEST"
mkdir -p "$(dirname "$DEST")"
git clone --quiet "$SOURCE" "$DEST"
git -C "$DEST" -c advice.detachedHead=false checkout --quiet "$COMMIT"
(cd "$DEST" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund)
echo "openai-gemini $(git -C "$DEST" rev-parse --short HEAD) ready in $DEST"
