#!/usr/bin/env bash
# Installs the TypeScript compiler that TypeDeclarationsTest checks atrion.d.ts with, into
# atrion-web/tools/node_modules (ignored by git), unless it is already there. Run by .ci/run and,
# when tsc is missing, by the test itself. Needs node and npm (and the npm registry).
set -euo pipefail
cd "$(dirname "$0")"
VERSION=5.9.3
if [ -x node_modules/.bin/tsc ] && [ "$(node_modules/.bin/tsc --version)" = "Version $VERSION" ]; then
  exit 0
fi
npm install --prefix . --no-save --no-audit --no-fund --loglevel=error "typescript@$VERSION" >/dev/null
node_modules/.bin/tsc --version
