#!/usr/bin/env bash
# crosscheck benchmark: extract and check on a generated corpus, against `cat` (the
# I/O floor), ripgrep (counting lines that match the pack's `{{amount}}` macro, the
# union of its number patterns) and a Python reference (bench/reference.py: the same
# kinds of claims, cruder, with `re` and two processes), then a scaling table at 1x,
# 4x and 16x.
#
#   bench/run.sh [--size MB] [--scale-base MB] [--no-scaling] [--story-size MB] [--shards N] [--events-size MB] [--real-copies N]
#
# After the main table, the sharded path: the corpus split into N shard manifests
# (files dealt round-robin, so each story's reports are spread over the shards), each
# shard extracted alone (`extract --manifest`), the claims aligned together (`align`),
# against one `check` of the whole corpus.
#
# Then one story without a manifest (--story-size MB of the generator's reports in one
# folder, no sources.yaml: every report is compared with every other), the case of a
# desk's folder of saved reports: check in every format against extract, with peak
# memory and report size.
#
# Last, a folder of many events without a manifest (--events-size MB, default the
# --size, of `gen-corpus --events`: each story of five reports an event of its own),
# checked with `--story-by auto`: crosscheck finds the events itself, and past
# 400,000 claims reads the folder a second time, a chunk of stories at a time.
#
# Then real reports: the texts of tests/corpus (real news of many kinds of event),
# each copied --real-copies times (default 30) under target/bench/, with cat, extract
# and check with the stories found by crosscheck (`--story-by auto`, no manifest).
# Generated reports are cheaper per byte than real ones (fewer figures, less
# varied wording); repeated copies keep the regexes' lazy DFA states warm, so this
# row is, if anything, kind to crosscheck.
#
# Corpora are generated once (deterministic, seed 42) under target/bench/ and reused.
# See docs/performance.md for what the figures mean and a recorded run.
set -euo pipefail
cd "$(dirname "$0")/.."

size=100
base=32
scaling=1
story_size=20
shards=4
events_size=""
real_copies=30
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --scale-base) base="$2"; shift 2 ;;
    --no-scaling) scaling=0; shift ;;
    --story-size) story_size="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --events-size) events_size="$2"; shift 2 ;;
    --real-copies) real_copies="$2"; shift 2 ;;
    *) echo "usage: bench/run.sh [--size MB] [--scale-base MB] [--no-scaling] [--story-size MB] [--shards N] [--events-size MB] [--real-copies N]" >&2; exit 2 ;;
  esac
done

need=()
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
[ -x /usr/bin/time ] || need+=(time)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  sudo_=""; if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then sudo_=sudo; fi
  $sudo_ apt-get install -y --no-install-recommends "${need[@]}" >/dev/null \
    || { $sudo_ apt-get update >/dev/null && $sudo_ apt-get install -y --no-install-recommends "${need[@]}" >/dev/null; } \
    || { command -v rg >/dev/null || cargo install ripgrep; }
fi

echo "building (release)…" >&2
cargo build --release --quiet --bin crosscheck --example gen-corpus
bin=target/release/crosscheck
gen=target/release/examples/gen-corpus
work=target/bench
mkdir -p "$work"

corpus() { # size in MB → folder
  local dir="$work/corpus-$1mb"
  if [ ! -f "$dir/sources.yaml" ]; then
    echo "generating a $1 MB corpus…" >&2
    rm -rf "$dir"
    "$gen" "$dir" --bytes "$1MB" > "$dir.txt"
  fi
  echo "$dir"
}

bytes_of() { find "$1" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}'; }
files_of() { find "$1" -name '*.txt' | wc -l; }

# run LABEL OUT CMD... : wall seconds and peak RSS (KB) of CMD, its stdout to OUT.
run() {
  local out="$2"; shift 2
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" > "$out" 2>/dev/null || true
  cat "$work/time.txt"
}

mbps() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.1f", b / 1e6 / s; else print "-" }'; }
per_s() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }
findings_of() { # the JSON report's summary → total findings
  tail -c 600 "$1" | tr ',{}' '\n\n\n' | awk -F: '/"(conflicts|attributions|drifts|variants|compatible|agreements)"/ {s+=$2} END {print s+0}'
}

amount=$("$bin" rules macro amount)
dir=$(corpus "$size")
bytes=$(bytes_of "$dir")
files=$(files_of "$dir")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "corpus:  $dir — $files reports, $mb MB (generator: $(head -1 "$dir.txt"))"
echo

# warm the page cache, so every row reads from memory
find "$dir" -name '*.txt' -print0 | xargs -0 cat > /dev/null

read -r cat_s cat_kb < <(run cat /dev/null bash -c "find '$dir' -name '*.txt' -print0 | xargs -0 cat")
read -r rg_s rg_kb < <(run rg "$work/rg.txt" rg -c -e "$amount" "$dir")
rg_lines=$(awk -F: '{s+=$NF} END {print s+0}' "$work/rg.txt")
read -r py_s py_kb < <(run python "$work/python.txt" python3 bench/reference.py "$dir")
py_claims=$(awk '{print $4}' "$work/python.txt")
py_conflicts=$(awk '{print $8}' "$work/python.txt")
read -r ex_s ex_kb < <(run extract "$work/claims.jsonl" "$bin" extract --quiet "$dir")
claims=$(wc -l < "$work/claims.jsonl")
read -r ck_s ck_kb < <(run check "$work/report.json" "$bin" check --quiet --format json --fail-on never "$dir")
findings=$(findings_of "$work/report.json")

printf '%-34s %8s %8s %9s %9s %8s %8s %10s %8s %10s %8s\n' step MB files claims findings seconds MB/s claims/s "peak MB" "vs cat" "vs rg"
row() { # label seconds kb claims findings
  printf '%-34s %8s %8s %9s %9s %8s %8s %10s %8s %10s %8s\n' "$1" "$mb" "$files" "$4" "$5" "$2" "$(mbps "$bytes" "$2")" \
    "$( [ "$4" = - ] && echo - || per_s "$4" "$2")" "$(awk -v k="$3" 'BEGIN {printf "%.0f", k/1024}')" "$(ratio "$2" "$cat_s")" "$(ratio "$2" "$rg_s")"
}
row "cat (I/O floor)" "$cat_s" "$cat_kb" - -
row "rg -c {{amount}} ($rg_lines lines)" "$rg_s" "$rg_kb" - -
row "python re reference (2 processes)" "$py_s" "$py_kb" "$py_claims" "$py_conflicts"
row "crosscheck extract" "$ex_s" "$ex_kb" "$claims" -
row "crosscheck check --format json" "$ck_s" "$ck_kb" "$claims" "$findings"
echo "against the Python reference (bench/reference.py: cruder claims, its findings are keys with two values):"
echo "  extract $(ratio "$py_s" "$ex_s") its speed with $(ratio "$claims" "$py_claims") its claims; check $(ratio "$py_s" "$ck_s") its speed"

# The sharded path: one manifest per shard, the files dealt round-robin.
sharded="$work/shards-${size}mb"
rm -rf "$sharded" && mkdir -p "$sharded"
awk -v n="$shards" -v out="$sharded" -v rel="../$(basename "$dir")/" '
  /^  - \{file: / { k = (i++ % n) + 1; f = out "/shard-" k ".yaml"
                    if (!(f in seen)) { print "sources:" > f; seen[f] = 1 }
                    sub(/file: /, "file: " rel); print > f }' "$dir/sources.yaml"
shard_s=0; shard_kb=0
rm -f "$work"/shard-*.arrow
for m in "$sharded"/shard-*.yaml; do
  out="$work/$(basename "$m" .yaml).arrow"
  read -r s kb < <(run extract "$out" "$bin" extract --quiet --format arrow --manifest "$m")
  shard_s=$(awk -v a="$shard_s" -v b="$s" 'BEGIN { print a + b }')
  shard_kb=$(( kb > shard_kb ? kb : shard_kb ))
done
read -r al_s al_kb < <(run align "$work/shard-report.json" "$bin" align --format json --fail-on never "$work"/shard-*.arrow)
echo
echo "sharded: $shards shards of $dir, each extracted alone (\`extract --manifest --format arrow\`, one after another), claims aligned together"
printf '%-34s %8s %8s %10s %12s\n' step seconds MB/s "peak MB" findings
printf '%-34s %8s %8s %10s %12s\n' "extract, $shards shards (sum)" "$shard_s" "$(mbps "$bytes" "$shard_s")" \
  "$(awk -v k="$shard_kb" 'BEGIN {printf "%.0f", k/1024}')" -
printf '%-34s %8s %8s %10s %12s\n' "align --format json" "$al_s" "$(mbps "$bytes" "$al_s")" \
  "$(awk -v k="$al_kb" 'BEGIN {printf "%.0f", k/1024}')" "$(findings_of "$work/shard-report.json")"
printf '%-34s %8s %8s %10s %12s\n' "(one check of the whole corpus)" "$ck_s" "$(mbps "$bytes" "$ck_s")" \
  "$(awk -v k="$ck_kb" 'BEGIN {printf "%.0f", k/1024}')" "$findings"
arrow_bytes=$(cat "$work"/shard-*.arrow | wc -c)
echo "claims between the halves: $(awk -v b="$arrow_bytes" -v j="$(wc -c < "$work/claims.jsonl")" -v i="$bytes" 'BEGIN {printf "%.0f MB of Arrow, %.2fx the input (as JSON Lines: %.0f MB, %.1fx)", b/1e6, b/i, j/1e6, j/i}')"

if [ "$scaling" = 1 ]; then
  echo
  echo "scaling (crosscheck, same generator, base $base MB):"
  printf '%-6s %8s %8s %12s %8s %10s %12s %8s %10s\n' scale MB files "extract s" MB/s "peak MB" "check s" MB/s "peak MB"
  for k in 1 4 16; do
    d=$(corpus $((base * k)))
    b=$(bytes_of "$d")
    find "$d" -name '*.txt' -print0 | xargs -0 cat > /dev/null
    read -r es ekb < <(run extract /dev/null "$bin" extract --quiet "$d")
    read -r cs ckb < <(run check /dev/null "$bin" check --quiet --format json --fail-on never "$d")
    printf '%-6s %8s %8s %12s %8s %10s %12s %8s %10s\n' "${k}x" "$(awk -v b="$b" 'BEGIN {printf "%.0f", b/1e6}')" "$(files_of "$d")" \
      "$es" "$(mbps "$b" "$es")" "$(awk -v k="$ekb" 'BEGIN {printf "%.0f", k/1024}')" \
      "$cs" "$(mbps "$b" "$cs")" "$(awk -v k="$ckb" 'BEGIN {printf "%.0f", k/1024}')"
  done
fi

# One story, no manifest.
one=$(corpus "$story_size")
story="$work/one-story-${story_size}mb"
if [ ! -d "$story" ]; then
  cp -r "$one" "$story.tmp" && rm "$story.tmp/sources.yaml" && mv "$story.tmp" "$story"
fi
# section DIR TITLE: the head of a table of one folder's runs (its bytes in
# sbytes, the folder read once so that every row reads from memory).
section() {
  sbytes=$(bytes_of "$1")
  find "$1" -name '*.txt' -print0 | xargs -0 cat > /dev/null
  echo
  echo "$2: $1 — $(files_of "$1") reports, $(awk -v b="$sbytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB"
  printf '%-34s %8s %8s %10s %12s %10s\n' step seconds MB/s "peak MB" "output MB" "vs extract"
}
srow() { # label seconds kb output
  printf '%-34s %8s %8s %10s %12s %10s\n' "$1" "$2" "$(mbps "$sbytes" "$2")" \
    "$(awk -v k="$3" 'BEGIN {printf "%.0f", k/1024}')" \
    "$( [ "$4" = - ] && echo - || awk -v b="$(wc -c < "$4")" 'BEGIN {printf "%.1f", b/1e6}')" "$(ratio "$2" "$sx_s")"
}
section "$story" "one story without a manifest"
read -r sx_s sx_kb < <(run extract "$work/story-claims.jsonl" "$bin" extract --quiet "$story")
srow "crosscheck extract" "$sx_s" "$sx_kb" "$work/story-claims.jsonl"
for format in json text md html; do
  # (-o: the HTML report goes to a file, not to standard output)
  read -r sc_s sc_kb < <(run check /dev/null "$bin" check --quiet --format "$format" --fail-on never -o "$work/story-report.$format" "$story")
  srow "crosscheck check --format $format" "$sc_s" "$sc_kb" "$work/story-report.$format"
done

# Many events, no manifest: stories found by crosscheck.
events_size=${events_size:-$size}
events="$work/events-${events_size}mb"
if [ ! -d "$events" ]; then
  "$gen" "$events.tmp" --bytes "${events_size}MB" --events > /dev/null
  rm "$events.tmp/sources.yaml" && mv "$events.tmp" "$events"
fi
section "$events" "many events without a manifest"
read -r sx_s sx_kb < <(run extract "$work/events-claims.jsonl" "$bin" extract --quiet "$events")
srow "crosscheck extract" "$sx_s" "$sx_kb" "$work/events-claims.jsonl"
read -r sc_s sc_kb < <(run check /dev/null "$bin" check --quiet --format json --story-by auto --fail-on never -o "$work/events-report.json" "$events")
srow "check --format json --story-by auto" "$sc_s" "$sc_kb" "$work/events-report.json"

# Real reports: the corpus's texts, copied (again when a text of the corpus is newer).
real="$work/real-x$real_copies"
if [ ! -d "$real" ] || [ -n "$(find tests/corpus -name '*.txt' -newer "$real" | head -1)" ]; then
  rm -rf "$real" "$real.tmp"
  mkdir -p "$real.tmp"
  for i in $(seq "$real_copies"); do
    find tests/corpus -name '*.txt' | while read -r f; do
      cp "$f" "$real.tmp/$i-$(echo "${f#tests/corpus/}" | tr / _)"
    done
  done
  mv "$real.tmp" "$real"
fi
section "$real" "real reports (the $(find tests/corpus -name '*.txt' | wc -l) texts of tests/corpus, $real_copies copies each)"
read -r sx_s sx_kb < <(run extract "$work/real-claims.jsonl" "$bin" extract --quiet "$real")
read -r rc_s rc_kb < <(run cat /dev/null bash -c "find '$real' -name '*.txt' -print0 | xargs -0 cat")
srow "cat (I/O floor)" "$rc_s" "$rc_kb" -
srow "crosscheck extract" "$sx_s" "$sx_kb" "$work/real-claims.jsonl"
read -r sc_s sc_kb < <(run check /dev/null "$bin" check --quiet --format json --story-by auto --fail-on never -o "$work/real-report.json" "$real")
srow "check --format json --story-by auto" "$sc_s" "$sc_kb" "$work/real-report.json"
