#!/bin/sh
# Copyright The otelcol-flows Authors
# SPDX-License-Identifier: Apache-2.0
# es-setup.sh installs what Elasticsearch needs before otelcol-flows writes to it:
# the ILM policy "flows", the component templates flows-settings, flows-ecs and
# flows-netflow, and the composable index template for <prefix>-*.
# Every call is a PUT of the whole object, so running it again is harmless and
# is how an updated template is applied (new indices pick it up; existing daily
# indices keep the mapping they were created with).
#
# Environment:
#   ELASTICSEARCH_URL        required, e.g. https://es.example.net:9200
#   ELASTICSEARCH_API_KEY    optional, base64 "id:key" API key
#   ELASTICSEARCH_USERNAME / ELASTICSEARCH_PASSWORD   optional basic auth
#   ELASTICSEARCH_CA_CERT    optional CA bundle for https
#   FLOWS_INDEX_PREFIX       index prefix, as the ecsdocument processor's index_prefix (default flows)
#   FLOWS_RETENTION          delete indices this long after creation (default 30d)
#   FLOWS_TEMPLATE_DIR       where the JSON files are (default: ../distribution/elasticsearch from this
#                            script, as in a checkout or a release tarball, else ../elasticsearch, as
#                            the .deb installs them: /usr/share/otelcol-flows/{scripts,elasticsearch})
set -eu

url=${ELASTICSEARCH_URL:?set ELASTICSEARCH_URL, e.g. http://localhost:9200}
url=${url%/}
prefix=${FLOWS_INDEX_PREFIX:-flows}
retention=${FLOWS_RETENTION:-30d}
top=$(cd "$(dirname "$0")/.." && pwd)
default_dir=$top/distribution/elasticsearch
[ -d "$default_dir" ] || default_dir=$top/elasticsearch
dir=${FLOWS_TEMPLATE_DIR:-$default_dir}

case $prefix in
  ''|*[!a-z0-9._-]*|[._-]*) echo "es-setup: FLOWS_INDEX_PREFIX must be lowercase letters, digits, '.', '_' or '-', not starting with one of '._-'" >&2; exit 2 ;;
esac
case $retention in
  *[!0-9a-z]*|'') echo "es-setup: FLOWS_RETENTION must look like 30d or 12h" >&2; exit 2 ;;
esac
for f in ilm-policy.json component-settings.json component-ecs.json component-netflow.json index-template.json; do
  [ -r "$dir/$f" ] || { echo "es-setup: $dir/$f not found (set FLOWS_TEMPLATE_DIR)" >&2; exit 2; }
done

api_key=${ELASTICSEARCH_API_KEY:-}
user=${ELASTICSEARCH_USERNAME:-}
password=${ELASTICSEARCH_PASSWORD:-}
ca=${ELASTICSEARCH_CA_CERT:-}
. "$(dirname "$0")/curl-config.sh"

# request METHOD PATH [BODY-FILE]: prints the response body, fails on HTTP >= 400.
request() {
  body=/dev/null
  [ $# -ge 3 ] && body=$3
  curl_config | curl -sS --fail-with-body -K - -X "$1" \
    -H 'Content-Type: application/json' --data-binary "@$body" "$url$2"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

info=$(curl_config | curl -sS --fail-with-body -K - -D "$tmp/headers" "$url/") || {
  echo "es-setup: cannot reach Elasticsearch at $url" >&2; exit 1; }
if ! grep -qi '^X-Elastic-Product: *Elasticsearch' "$tmp/headers"; then
  echo "es-setup: $url does not answer as Elasticsearch (no X-Elastic-Product header)" >&2
  exit 1
fi
echo "es-setup: Elasticsearch at $url: $(printf '%s' "$info" | tr -d '\n ' | sed -n 's/.*"number":"\([^"]*\)".*/version \1/p')"

sed "s/\"min_age\": \"30d\"/\"min_age\": \"$retention\"/" "$dir/ilm-policy.json" > "$tmp/ilm.json"
sed "s/\"flows-\*\"/\"$prefix-*\"/" "$dir/index-template.json" > "$tmp/template.json"

put() {
  printf 'es-setup: PUT %s ... ' "$1"
  request PUT "$1" "$2" > "$tmp/out" || { echo "failed:" >&2; cat "$tmp/out" >&2; echo >&2; exit 1; }
  echo ok
}
put /_ilm/policy/flows "$tmp/ilm.json"
put /_component_template/flows-settings "$dir/component-settings.json"
put /_component_template/flows-ecs "$dir/component-ecs.json"
put /_component_template/flows-netflow "$dir/component-netflow.json"
put "/_index_template/$prefix" "$tmp/template.json"
echo "es-setup: done: new $prefix-* indices get the ECS mappings and are deleted after $retention"
