#!/usr/bin/env bash
# The adapter and conformance suites on every supported Node.js major other than the one
# running this (which the main gate already covered): users run 20, 22 and 24. Run by
# `pnpm test` after the main gate. It calls pnpm directly, not turbo: turbo's cache key does
# not include the Node.js version, so it would replay the main gate's results instead.
set -euo pipefail
cd "$(dirname "$0")/.."
current="$(node -p 'process.versions.node.split(".")[0]')"
suites=(@latchkey/fetch @latchkey/ky @latchkey/axios @latchkey/got @latchkey/conformance)
for major in 20 22 24; do
  [ "$major" = "$current" ] && continue
  node="$(bash tooling/node.sh "$major")"
  echo "== adapter and conformance suites on Node.js $("$node" --version)"
  # Two packages at a time: each suite starts its own servers, and CI has two cores.
  PATH="$(dirname "$node"):$PATH" pnpm --recursive --workspace-concurrency=2 \
    "${suites[@]/#/--filter=}" --reporter-hide-prefix test
done
