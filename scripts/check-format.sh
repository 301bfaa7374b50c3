#!/usr/bin/env bash
# Checks (or with --fix, applies) .clang-format on every C++ file git knows about.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.hpp' |
    while read -r f; do [[ -f "$f" ]] && echo "$f"; done)
[[ ${#files[@]} -eq 0 ]] && exit 0

if [[ "${1:-}" == "--fix" ]]; then
    clang-format -i "${files[@]}"
    exit 0
fi
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/dott-format.$$; then
    echo "format-check: these files differ from .clang-format (run 'make format'):" >&2
    grep -oE '^[^: ]+\.(cpp|hpp):[0-9]+:[0-9]+: (error|warning)' /tmp/dott-format.$$ | cut -d: -f1 | sort -u >&2
    rm -f /tmp/dott-format.$$
    exit 1
fi
rm -f /tmp/dott-format.$$
echo "format-check: ${#files[@]} files formatted"
