// Package precedent holds the data bundled with the binary: the real seed
// table (18 proposals, 70 suggestions) that `precedent serve` indexes when it
// is given nothing else, and the judged query set `precedent eval` runs.
package precedent

import _ "embed"

// SeedName is the file name of the bundled seed table.
const SeedName = "000_8b6b214a39f4da34.txt"

// Seed is the bundled seed table, a Word table exported to text.
//
//go:embed testdata/000_8b6b214a39f4da34.txt
var Seed []byte

// JudgedQueries is the bundled judged query set (JSON Lines, see package eval).
//
//go:embed testdata/eval/queries.jsonl
var JudgedQueries []byte

// RealJudgedQueries is the judged query set on the real-text corpus (JSON
// Lines, see package eval); the corpus itself is never bundled.
//
//go:embed testdata/eval/real_queries.jsonl
var RealJudgedQueries []byte
