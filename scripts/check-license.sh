#!/usr/bin/env bash
# Copyright The otelcol-flows Authors
# SPDX-License-Identifier: Apache-2.0

# Fails when a hand-written Go file or a script lacks the licence header (`make check-license`):
# the SPDX line within the first three lines (after the shebang for a script). Generated Go (a
# `// Code generated ... DO NOT EDIT.` line, as mdatagen and go generate write it) and the ocb
# output are not ours to stamp; a script is any text file that starts with #!.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=$(git ls-files -z --cached --others --exclude-standard -- ':!distribution/otelcol-flows' |
  xargs -0 grep -lIZ -e '' -- 2>/dev/null |
  xargs -0 awk '
    FNR == 1 {
      if (name != "" && want && !generated && !spdx) print name
      name = FILENAME; spdx = 0; generated = 0
      want = (FILENAME ~ /\.go$/) || /^#!/
    }
    FNR <= 3 && /SPDX-License-Identifier: Apache-2.0/ { spdx = 1 }
    FILENAME ~ /\.go$/ && /^\/\/ Code generated .* DO NOT EDIT\.$/ { generated = 1 }
    END { if (name != "" && want && !generated && !spdx) print name }
  ')
if [ -n "$missing" ]; then
  echo "missing licence header (add '// Copyright The otelcol-flows Authors' and" >&2
  echo "'// SPDX-License-Identifier: Apache-2.0' at the top, after any shebang, # for scripts):" >&2
  echo "$missing" >&2
  exit 1
fi
