#!/bin/sh
# Copyright The otelcol-flows Authors
# SPDX-License-Identifier: Apache-2.0
# kibana-setup.sh imports the otelcol-flows data view and dashboards (distribution/kibana/
# otelcol-flows.ndjson) through Kibana's saved objects import API. Objects keep fixed ids and
# are imported with overwrite=true, so running it again replaces them with the same content.
#
# Environment:
#   KIBANA_URL               required, e.g. https://kibana.example.net:5601
#   KIBANA_SPACE             optional Kibana space id (default: the default space)
#   KIBANA_API_KEY           optional, base64 "id:key" API key (falls back to ELASTICSEARCH_API_KEY)
#   KIBANA_USERNAME / KIBANA_PASSWORD   optional basic auth (fall back to ELASTICSEARCH_USERNAME/_PASSWORD)
#   KIBANA_CA_CERT           optional CA bundle for https (falls back to ELASTICSEARCH_CA_CERT)
#   FLOWS_INDEX_PREFIX       index prefix, as for es-setup.sh (default flows): the data view is <prefix>-*
#   FLOWS_KIBANA_FILE        the NDJSON to import (default: ../distribution/kibana/otelcol-flows.ndjson
#                            from this script, as in a checkout or a release tarball, else
#                            ../kibana/otelcol-flows.ndjson, as the .deb installs it under /usr/share/otelcol-flows)
set -eu

url=${KIBANA_URL:?set KIBANA_URL, e.g. http://localhost:5601}
url=${url%/}
prefix=${FLOWS_INDEX_PREFIX:-flows}
space=${KIBANA_SPACE:-}
top=$(cd "$(dirname "$0")/.." && pwd)
default_file=$top/distribution/kibana/otelcol-flows.ndjson
[ -r "$default_file" ] || default_file=$top/kibana/otelcol-flows.ndjson
file=${FLOWS_KIBANA_FILE:-$default_file}
api_key=${KIBANA_API_KEY:-${ELASTICSEARCH_API_KEY:-}}
user=${KIBANA_USERNAME:-${ELASTICSEARCH_USERNAME:-}}
password=${KIBANA_PASSWORD:-${ELASTICSEARCH_PASSWORD:-}}
ca=${KIBANA_CA_CERT:-${ELASTICSEARCH_CA_CERT:-}}

case $prefix in
  ''|*[!a-z0-9._-]*|[._-]*) echo "kibana-setup: FLOWS_INDEX_PREFIX must be lowercase letters, digits, '.', '_' or '-', not starting with one of '._-'" >&2; exit 2 ;;
esac
case $space in
  *[!a-z0-9_-]*) echo "kibana-setup: KIBANA_SPACE must be a space id: lowercase letters, digits, '_' or '-'" >&2; exit 2 ;;
esac
[ -r "$file" ] || { echo "kibana-setup: $file not found (set FLOWS_KIBANA_FILE)" >&2; exit 2; }
base=$url
[ -n "$space" ] && base="$url/s/$space"

. "$(dirname "$0")/curl-config.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Kibana's message for an error answer: its JSON "message", else the body.
message() { sed -n 's/.*"message":"\([^"]*\)".*/\1/p' "$1" | head -n 1 | grep . || head -c 300 "$1"; }

code=$(curl_config | curl -sS -K - -o "$tmp/status" -w '%{http_code}' "$base/api/status") || {
  echo "kibana-setup: cannot reach Kibana at $url" >&2; exit 1; }
case $code in
  401|403) echo "kibana-setup: Kibana at $url refused the credentials ($code): $(message "$tmp/status")" >&2; exit 1 ;;
  404) [ -n "$space" ] && { echo "kibana-setup: no Kibana space '$space' at $url (404)" >&2; exit 1; } ;;
esac
version=$(sed -n 's/.*"version":{[^}]*"number":"\([^"]*\)".*/\1/p' "$tmp/status")
if [ "$code" != 200 ] || [ -z "$version" ]; then
  echo "kibana-setup: $url does not answer as Kibana (GET /api/status: HTTP $code, no version)" >&2
  exit 1
fi
case $version in
  8.*|9.*) ;;
  *) echo "kibana-setup: Kibana $version at $url: these saved objects need Kibana 8.x" >&2; exit 1 ;;
esac
echo "kibana-setup: Kibana $version at $url${space:+, space $space}"

# The data view's pattern follows the index prefix.
sed "s/\"title\":\"flows-\*\"/\"title\":\"$prefix-*\"/; s/(flows-\*)/($prefix-*)/" "$file" > "$tmp/otelcol-flows.ndjson"

code=$(curl_config | curl -sS -K - -o "$tmp/out" -w '%{http_code}' -X POST -H 'kbn-xsrf: otelcol-flows' \
  -F "file=@$tmp/otelcol-flows.ndjson;type=application/ndjson" \
  "$base/api/saved_objects/_import?overwrite=true") || { echo "kibana-setup: cannot reach Kibana at $url" >&2; exit 1; }
case $code in
  200) ;;
  401|403) echo "kibana-setup: import refused ($code): $(message "$tmp/out")" >&2; exit 1 ;;
  *) echo "kibana-setup: import failed (HTTP $code): $(message "$tmp/out")" >&2; exit 1 ;;
esac
count=$(sed -n 's/.*"successCount":\([0-9]*\).*/\1/p' "$tmp/out")
if grep -q '"success":true' "$tmp/out"; then
  echo "kibana-setup: done: $count saved objects imported (data view $prefix-*, dashboards \"otelcol-flows: Overview\", \"Geography\", \"Conversations\")"
  exit 0
fi
# Partial failure: one line per object Kibana rejected, with the reason it gives.
echo "kibana-setup: import incomplete: ${count:-0} saved objects imported, these failed:" >&2
sed 's/"errors":\[/\n/; s/.*\n//' "$tmp/out" | sed 's/},{"id"/}\n{"id"/g' | while IFS= read -r obj; do
  id=$(printf '%s' "$obj" | sed -n 's/^{*"id":"\([^"]*\)".*/\1/p')
  type=$(printf '%s' "$obj" | sed -n 's/.*"type":"\([^"]*\)","title".*/\1/p')
  reason=$(printf '%s' "$obj" | sed -n 's/.*"error":{[^}]*"type":"\([^"]*\)".*/\1/p')
  detail=$(printf '%s' "$obj" | sed -n 's/.*"error":{[^}]*"message":"\([^"]*\)".*/\1/p')
  case $obj in *'"error":{'*) ;; *) continue ;; esac
  [ -n "$id" ] && echo "  ${type:-object} $id: ${reason:-error}${detail:+: $detail}" >&2
done
exit 1
