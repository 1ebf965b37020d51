//go:build race

package search

// fragmentRace: the race detector makes building an index several times
// slower; the tests of quoted fragments use a smaller sample under it.
const fragmentRace = true
