#!/bin/sh
# Rebuild static/vendor/codemirror/ (the bundle and the licences of what it contains) from
# the versions pinned in package-lock.json. Neither CI nor the server runs this: the output
# is committed. Run it after changing a version or entry.js; the same lockfile gives the
# same file.
set -eu
cd "$(dirname "$0")"
out=../../static/vendor/codemirror
npm ci --no-audit --no-fund
mkdir -p "$out"
./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife \
  --global-name=CodeMirror --target=es2020 --legal-comments=none \
  --outfile="$out/codemirror.min.js"
# One file with the licence of every package in the bundle.
{
  for dir in node_modules/codemirror node_modules/@codemirror/* node_modules/@lezer/* \
    node_modules/@marijn/* node_modules/crelt node_modules/style-mod node_modules/w3c-keyname; do
    name=$(node -p "require('./$dir/package.json').name + ' ' + require('./$dir/package.json').version")
    printf '%s\n%s\n\n' "$name" "$(printf '%s' "$name" | tr -c '\n' '-')"
    cat "$dir/LICENSE"*
    printf '\n\n'
  done
} > "$out/LICENSE"
rm -rf node_modules
