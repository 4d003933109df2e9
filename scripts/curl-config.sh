# Copyright The otelcol-flows Authors
# SPDX-License-Identifier: Apache-2.0
# curl-config.sh is sourced by es-setup.sh and kibana-setup.sh (not run): curl_config prints
# the curl configuration for $api_key, else $user and $password, and $ca, which the caller sets.
# Credentials go to curl on stdin (-K -), not on its command line where ps shows them.
curl_config() {
  if [ -n "$api_key" ]; then
    printf 'header = "Authorization: ApiKey %s"\n' "$api_key"
  elif [ -n "$user" ]; then
    printf 'user = "%s:%s"\n' "$user" "$password"
  fi
  if [ -n "$ca" ]; then
    printf 'cacert = "%s"\n' "$ca"
  fi
}
