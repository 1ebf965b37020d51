#!/usr/bin/env bash
# Rolls a snapshot out to the replicas of `precedent serve`, one replica at
# a time, so that all the others serve while one switches.
#
#   scripts/rollout.sh [-s STATS_URL] [-k KEEP] [-t SECONDS] SOURCE REPLICAS
#
# SOURCE    the snapshot: a data directory built with `precedent index -o`
#           (its CURRENT names the snapshot) or an idx-… directory itself.
# REPLICAS  a file, one replica a line (# starts a comment):
#             NAME  DEST  HEALTH_URL  RELOAD_COMMAND...
#           NAME        the replica's server name in HAProxy's backend
#           DEST        its data directory: /var/lib/precedent, or
#                       host:/var/lib/precedent (rsync and ssh to host)
#           HEALTH_URL  its /healthz as this machine reaches it
#           RELOAD_COMMAND  what makes it reload, run with sh -c:
#                       ssh app1 sudo systemctl reload precedent
# -s URL    HAProxy's stats page (http://LB:8404/stats): wait until HAProxy
#           has each replica UP again before the next one, and count only
#           replicas that are UP there as serving.
# -k KEEP   snapshots kept on each replica besides the new one, the newest
#           first (default 1: the previous one, for a quick rollback).
# -t SECS   how long to wait for each step (default 120).
# RSYNC_OPTS  extra rsync options, e.g. "--chown=precedent:precedent" or
#           "-e 'ssh -i /root/.ssh/rollout'".
#
# For each replica in turn: wait until every other replica is healthy
# (/healthz 200, and UP in HAProxy with -s); copy the snapshot's directory
# into DEST with rsync (nothing reads it yet); replace DEST/CURRENT
# atomically (rsync writes a temporary file and renames it) so the replica
# announces the new snapshot and its /healthz answers 503 "stale", which
# takes it out of the balancer; run RELOAD_COMMAND; wait until /healthz
# answers 200 with the new snapshot (and HAProxy has it UP); then remove the
# replica's older snapshots beyond KEEP. A replica that does not come back
# stops the roll-out with an error: the replicas before it serve the new
# snapshot, the ones after it the old one, and it stays out of the pool
# until it serves what its CURRENT names. Exit status 0 only when every
# replica serves the new snapshot.
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2
  exit 2
}

stats_url=""
keep=1
timeout=120
while getopts "s:k:t:h" opt; do
  case $opt in
    s) stats_url=$OPTARG ;;
    k) keep=$OPTARG ;;
    t) timeout=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -eq 2 ]] || usage
source_arg=${1%/}
replicas_file=$2
[[ $keep =~ ^[0-9]+$ ]] || { echo "rollout: -k $keep: want a number of snapshots" >&2; exit 2; }
[[ $timeout =~ ^[0-9]+$ && $timeout -gt 0 ]] || { echo "rollout: -t $timeout: want seconds" >&2; exit 2; }
# RSYNC_OPTS is split as the shell would (quotes group), as it is typed.
rsync_opts=()
eval "rsync_opts=(${RSYNC_OPTS:-})"

log() { printf '%s rollout: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { printf '%s rollout: error: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; exit 1; }

# ---- the snapshot

if [[ -f $source_arg/CURRENT ]]; then
  snapshot=$(tr -d '[:space:]' <"$source_arg/CURRENT")
  src_dir=$source_arg/$snapshot
elif [[ -d $source_arg/shards && ! -e $source_arg/CURRENT ]]; then
  die "$source_arg holds year shards: this script rolls out one idx-… snapshot (build with precedent index -o DIR, without -shard-by-year)"
else
  snapshot=$(basename "$source_arg")
  src_dir=$source_arg
fi
[[ $snapshot =~ ^idx-[A-Za-z0-9._-]+$ ]] || die "$source_arg: \"$snapshot\" is not a snapshot name (idx-…)"
# A complete snapshot: the build writes precedent.json last, then renames
# tmp-… to idx-….
[[ -f $src_dir/precedent.json ]] || die "$src_dir is not a complete snapshot (no precedent.json)"

# ---- the replicas

names=() dests=() healths=() reloads=()
lineno=0
while IFS= read -r line || [[ -n $line ]]; do
  lineno=$((lineno + 1))
  line=${line%%#*}
  [[ -z ${line//[[:space:]]/} ]] && continue
  read -r name dest health reload <<<"$line"
  [[ -n ${reload:-} ]] || die "$replicas_file:$lineno: want NAME DEST HEALTH_URL RELOAD_COMMAND..."
  names+=("$name") dests+=("${dest%/}") healths+=("$health") reloads+=("$reload")
done <"$replicas_file"
n=${#names[@]}
[[ $n -gt 0 ]] || die "$replicas_file lists no replica"

# is_remote DEST: host:/path (rsync's remote form) rather than a local path.
is_remote() { [[ $1 == *:* && ${1%%:*} != */* ]]; }

# on_dest DEST COMMAND: runs a shell command on the machine DEST is on.
on_dest() {
  if is_remote "$1"; then
    ssh -o BatchMode=yes "${1%%:*}" "$2"
  else
    sh -c "$2"
  fi
}

# dest_path DEST: the directory's path on its machine.
dest_path() { if is_remote "$1"; then printf '%s' "${1#*:}"; else printf '%s' "$1"; fi; }

# health URL: sets code (000 when unreachable) and body of GET URL.
health() {
  local out
  out=$(curl -sS -m 5 -w '\n%{http_code}' "$1" 2>/dev/null) || out=$'\n000'
  code=${out##*$'\n'}
  body=${out%$'\n'*}
}

# field NAME: a string field of the JSON body /healthz answered.
field() { sed -n 's/.*"'"$1"'":"\([^"]*\)".*/\1/p' <<<"$body"; }

# haproxy_status NAME: HAProxy's status of the server NAME ("UP", "DOWN",
# "DOWN 1/2", "MAINT", …), "" without -s or when HAProxy does not list it.
haproxy_status() {
  [[ -n $stats_url ]] || return 0
  curl -sS -m 5 "$stats_url;csv" 2>/dev/null | awk -F, -v sv="$1" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "status") col = i; next }
    col && $2 == sv { print $col; exit }'
}

# serving I: replica I answers /healthz 200 (and is UP in HAProxy with -s).
serving() {
  health "${healths[$1]}"
  [[ $code == 200 ]] || return 1
  [[ -z $stats_url || $(haproxy_status "${names[$1]}") == UP ]]
}

# wait_for COMMAND...: runs COMMAND until it succeeds or -t passes.
wait_for() {
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

others_serving() {
  local i
  for ((i = 0; i < n; i++)); do
    [[ $i == "$1" ]] && continue
    serving "$i" || { waiting_on=$i; return 1; }
  done
}

serves_new() {
  health "${healths[$1]}"
  [[ $code == 200 && $(field snapshot) == "$snapshot" ]]
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
printf '%s\n' "$snapshot" >"$tmp/CURRENT"

start=$SECONDS
size=$(du -sh "$src_dir" | cut -f1)
log "rolling out $snapshot ($size) to $n replicas, one at a time"
for ((i = 0; i < n; i++)); do
  name=${names[$i]} dest=${dests[$i]}
  t0=$SECONDS

  # The others serve while this one switches.
  waiting_on=0
  if ! wait_for others_serving "$i"; then
    w=$waiting_on
    die "${names[$w]} is not serving after ${timeout}s (${healths[$w]}: $code${stats_url:+, HAProxy: $(haproxy_status "${names[$w]}")}): not switching $name, which would leave fewer than $((n - 1)) of $n serving; nothing was changed on $name"
  fi
  health "${healths[$i]}"
  previous=$(field snapshot)
  if [[ $code == 200 && $previous == "$snapshot" ]]; then
    log "$name: already serves $snapshot"
    continue
  fi

  # Copy (the replica does not look at it yet), then announce.
  rsync -a --delete "${rsync_opts[@]}" "$src_dir/" "$dest/$snapshot/" ||
    die "$name: copying $src_dir to $dest/$snapshot failed; $name still announces and serves ${previous:-its old snapshot}"
  copied=$((SECONDS - t0))
  rsync -I "${rsync_opts[@]}" "$tmp/CURRENT" "$dest/CURRENT" ||
    die "$name: writing $dest/CURRENT failed; $name still announces ${previous:-its old snapshot}"

  # Switch: the replica is out of the pool (503 stale) until it serves it.
  sh -c "${reloads[$i]}" ||
    die "$name: the reload command failed: ${reloads[$i]}; $name announces $snapshot and is out of the pool until it serves it"
  if ! wait_for serves_new "$i"; then
    die "$name: after ${timeout}s /healthz says $code $body; it announces $snapshot and stays out of the pool until it serves it (see its log); the replicas after it still serve the old snapshot"
  fi
  if [[ -n $stats_url ]] && ! wait_for serving "$i"; then
    die "$name serves $snapshot but HAProxy ($stats_url) still has it $(haproxy_status "$name")"
  fi
  switched=$((SECONDS - t0 - copied))

  # Older snapshots: keep the newest KEEP besides the new one (names start
  # with their build time), remove the others. The server closed them, or
  # closes them once the requests still using them finish; Linux keeps a
  # removed file's pages for whoever still has it open or mapped.
  dir=$(dest_path "$dest")
  qdir=$(printf '%q' "$dir")
  old=$(on_dest "$dest" "find $qdir -mindepth 1 -maxdepth 1 -type d -name 'idx-*' ! -name $(printf '%q' "$snapshot") -printf '%f\n'" |
    LC_ALL=C sort -r | tail -n +$((keep + 1)))
  removed=()
  for d in $old; do
    [[ $d =~ ^idx-[A-Za-z0-9._-]+$ ]] || continue
    on_dest "$dest" "rm -rf -- $qdir/$(printf '%q' "$d")" || die "$name: removing $dir/$d failed"
    removed+=("$d")
  done
  log "$name: serves $snapshot (was ${previous:-none}); copied in ${copied}s, switched in ${switched}s; removed ${removed[*]:-nothing}"
done
log "done: $snapshot on all $n replicas in $((SECONDS - start))s"
