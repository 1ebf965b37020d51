#!/usr/bin/env bash
# Measures process start → first answered search of `precedent serve` over an
# existing index, five times, and prints each run and the median in ms.
#
#   scripts/first-answer.sh DATA_DIR [BINARY]
set -euo pipefail
dir=${1:?usage: scripts/first-answer.sh DATA_DIR [BINARY]}
bin=${2:-precedent}
port=$((20000 + RANDOM % 20000))
url="http://127.0.0.1:$port/api/search?q=%E5%85%BB%E8%80%81&size=10"
times=()
for i in 1 2 3 4 5; do
  start=$(date +%s%N)
  "$bin" serve -index "$dir" -addr "127.0.0.1:$port" 2>/dev/null &
  pid=$!
  until curl -sf -o /dev/null "$url"; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited" >&2; exit 1; }
    sleep 0.005
  done
  end=$(date +%s%N)
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: first answer after $ms ms (RSS ${rss} kB)"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "median first answer: $median ms"
