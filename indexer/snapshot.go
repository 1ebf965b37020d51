package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path/filepath"
)

// A snapshot is one complete, immutable index: the idx-… directory that a
// data directory's CURRENT file names. Replicas serving the same snapshot
// answer alike, so a server reports the snapshot it serves (GET /healthz and
// a header on every answer) and compares it with the one its data directory
// announces now: a CURRENT file replaced by a roll-out or a build that the
// server has not reloaded yet shows as a difference.

// Snapshot is the snapshot dataDir announces now: the idx-… name in its
// CURRENT file or, for a directory of year shards (BuildShards), "shards-"
// and a digest of every shard's year and idx-… name (ShardsSnapshot). It
// decides between the two as search.Open does, and reads only the CURRENT
// files, so it is cheap enough for every health check.
func Snapshot(dataDir string) (string, error) {
	if shards := ShardDirs(dataDir); len(shards) > 0 && !Exists(dataDir) {
		names := make([]string, 0, len(shards))
		for _, d := range shards {
			path, err := CurrentPath(d)
			if err != nil {
				return "", err
			}
			names = append(names, filepath.Base(d)+"/"+filepath.Base(path))
		}
		return ShardsSnapshot(names), nil
	}
	path, err := CurrentPath(dataDir)
	if err != nil {
		return "", err
	}
	return filepath.Base(path), nil
}

// ShardsSnapshot names the snapshot of a directory of year shards from each
// shard's "YEAR/idx-…", in year order: a digest, as a few dozen names would
// not fit a header, that changes when any shard is rebuilt.
func ShardsSnapshot(shards []string) string {
	h := sha256.New()
	for _, s := range shards {
		io.WriteString(h, s+"\n")
	}
	return "shards-" + hex.EncodeToString(h.Sum(nil)[:8])
}
