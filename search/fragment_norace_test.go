//go:build !race

package search

const fragmentRace = false
