#!/bin/sh
# Reproduce axe.min.js and its licence from the pinned version in package-lock.json.
# CI does not run this: it uses the committed copies. Run it after changing the version.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
cp node_modules/axe-core/axe.min.js axe.min.js
cp node_modules/axe-core/LICENSE LICENSE
cp node_modules/axe-core/LICENSE-3RD-PARTY.txt LICENSE-3RD-PARTY.txt
rm -rf node_modules
