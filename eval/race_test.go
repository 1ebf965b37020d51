//go:build race

package eval

// raceEnabled: the race detector is on (see real_test.go).
const raceEnabled = true
