#!/usr/bin/env bash
# The replicas test of the real thing, on loopback: three replicas of
# `precedent serve` behind HAProxy running deploy/haproxy.cfg, 32 clients for
# 60 s (PRECEDENT_REPLICAS_SECONDS=N to change) through it, one replica
# killed with SIGKILL midway and restarted, and a new snapshot rolled out
# across all three with scripts/rollout.sh under that load. Fails on any
# failed request, any answer not from one of the two complete snapshots, or
# a replica not on the new snapshot at the end. Its last line:
#
#   replicas: N requests, F failed, p50 X p99 Y ms, snapshot idx-…
#
#   scripts/replicas.sh
#   PRECEDENT_REPLICAS_SECONDS=20 scripts/replicas.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in go haproxy rsync curl; do
  command -v "$tool" >/dev/null || { echo "replicas: $tool is not installed (apt-get install haproxy rsync curl)" >&2; exit 1; }
done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
go test -tags replicas -run TestReplicas -count=1 -v -timeout 15m ./cmd/precedent "$@" 2>&1 | tee "$log" || rc=$?
summary=$(grep '^replicas: ' "$log" | tail -n 1 || true)
echo "${summary:-replicas: no summary line: the test stopped before the end (see above)}"
exit "$rc"
