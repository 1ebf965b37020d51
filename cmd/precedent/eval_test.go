package main

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEvalSeed: the seed set's table shows nDCG@10, P@10 and R@100 and the
// hits returned for the queries that should find nothing.
func TestEvalSeed(t *testing.T) {
	out := string(run(t, 2*time.Minute, "eval", "-worst", "2"))
	for _, want := range []string{"precedent nDCG@10 P@10 R@100", "bleve-cjk nDCG@10 P@10 R@100", "\nsynonym ", "\nnone ", "hits mean", "\nALL "} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
}

// TestEvalRealMissing: -real with no corpus there fails at once, naming the
// directory.
func TestEvalRealMissing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "real")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, "eval", "-real", missing)
	cmd.SysProcAttr = childAttr()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("eval -real %s: %v, want exit status 1", missing, err)
	}
	if !strings.Contains(stderr.String(), missing) || !strings.Contains(stderr.String(), "real-text corpus not found") {
		t.Errorf("stderr does not name the missing corpus %s:\n%s", missing, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("ran before failing:\n%s", stdout.String())
	}
}
