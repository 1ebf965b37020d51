#!/bin/sh
# Soak test of the real binary: 32 clients against `precedent serve` for 60 s
# (PRECEDENT_SOAK_SECONDS=N to change) while three reindexes swap in, by
# `precedent index` + SIGHUP and by POST /api/admin/import. Fails on any
# non-200 answer, transport error, invalid JSON or probe answer from neither
# index; prints p50/p99 latency and the server's RSS in a "SOAK SUMMARY" line.
#
#   scripts/soak.sh                         # 60 s
#   PRECEDENT_SOAK_SECONDS=10 scripts/soak.sh
set -eu
cd "$(dirname "$0")/.."
exec go test -tags soak -run TestSoak -count=1 -v -timeout 15m ./cmd/precedent "$@"
