#!/usr/bin/env bash
# The pull-request comment (GitHub Markdown) for the .sla files that changed
# between BASE and the working tree: for each, `sla diff BASE:FILE FILE`
# (what changed in meaning, in words) and, when EVENTS is given, what the
# change would have done on those events. Kept under GitHub's 65,536-character
# comment limit, with a note of what was cut.
#
#   .github/scripts/sla-pr-comment.sh BASE [EVENTS] > comment.md
#
# SLA is the command to run (default: npx --no-install sla);
# SLA_COMMENT_LIMIT the size limit in characters (default 65000).
set -euo pipefail
base="${1:?usage: sla-pr-comment.sh BASE [EVENTS]}"
events="${2:-}"
read -r -a sla <<< "${SLA:-npx --no-install sla}"
limit="${SLA_COMMENT_LIMIT:-65000}"

body="$(mktemp)"
trap 'rm -f "$body"' EXIT
# a file name in Markdown code: backticks dropped (git names may hold anything)
name() { printf '%s' "$1" | tr -d '`\r\n'; }

echo "<!-- sla-review -->" >> "$body"
echo "## SLA review" >> "$body"
echo >> "$body"
changed=0
while IFS= read -r -d '' status && IFS= read -r -d '' file; do
  changed=$((changed + 1))
  printf '### `%s`\n\n' "$(name "$file")" >> "$body"
  case "$status" in
    D) echo "This SLA file was deleted." >> "$body" ;;
    A) echo "A new SLA file." >> "$body" ;;
    *)
      if [ -n "$events" ] && "${sla[@]}" diff "$base:$file" "$file" --events "$events" --format md > "$body.part" 2> "$body.err"; then
        cat "$body.part" >> "$body"
      else
        note=""
        if [ -n "$events" ]; then note="$(head -n 1 "$body.err" | tr -d '`\r')"; fi
        if "${sla[@]}" diff "$base:$file" "$file" --format md > "$body.part" 2> "$body.err"; then
          cat "$body.part" >> "$body"
          if [ -n "$note" ]; then printf '\n_Impact not computed on %s: %s_\n' "$(name "$events")" "$note" >> "$body"; fi
        else
          printf 'sla diff failed:\n\n```text\n%s\n```\n' "$(tr -d '`' < "$body.err")" >> "$body"
        fi
      fi
      ;;
  esac
  echo >> "$body"
done < <(git diff -z --name-status --no-renames "$base" -- '*.sla')
rm -f "$body.part" "$body.err"
if [ "$changed" -eq 0 ]; then echo "No .sla file changed." >> "$body"; fi

size=$(wc -c < "$body")
if [ "$size" -gt "$limit" ]; then
  head -c "$((limit - 200))" "$body"
  printf '\n\n_Cut: the full review is %s characters, over the comment limit. Run `sla diff` locally for the rest._\n' "$size"
else
  cat "$body"
fi
