package ingest_test

import (
	"bytes"
	"io"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// diffProposals reports the first difference between two record lists,
// field by field, or "" when they are deeply equal.
func diffProposals(got, want []record.Proposal) string {
	if reflect.DeepEqual(got, want) {
		return ""
	}
	if len(got) != len(want) {
		return "got " + itoa(len(got)) + " records, want " + itoa(len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		for _, f := range []struct{ name, g, w string }{
			{"id", g.ID, w.ID}, {"kind", g.Kind, w.Kind}, {"year", itoa(g.Year), itoa(w.Year)}, {"title", g.Title, w.Title},
			{"proposer", g.Proposer, w.Proposer}, {"co-proposers", strings.Join(g.CoProposers, "|"), strings.Join(w.CoProposers, "|")},
			{"lead department", g.LeadDepartment, w.LeadDepartment},
			{"co-departments", strings.Join(g.CoDepartments, "|"), strings.Join(w.CoDepartments, "|")},
			{"submitted", g.Submitted, w.Submitted}, {"replied", g.Replied, w.Replied}, {"class", g.Class, w.Class},
			{"category", g.Category, w.Category},
		} {
			if f.g != f.w {
				return w.ID + " " + f.name + ": got " + quote(f.g) + ", want " + quote(f.w)
			}
		}
		if len(g.Suggestions) != len(w.Suggestions) {
			return w.ID + ": got " + itoa(len(g.Suggestions)) + " suggestions, want " + itoa(len(w.Suggestions))
		}
		for j := range w.Suggestions {
			gs, ws := g.Suggestions[j], w.Suggestions[j]
			if gs.No != ws.No {
				return w.ID + ": suggestion " + itoa(j+1) + " numbered " + itoa(gs.No) + ", want " + itoa(ws.No)
			}
			for _, col := range []string{"text", "done", "in_progress", "planned", "not_adopted", "letter"} {
				if a, b := column(gs, col), column(ws, col); a != b {
					return record.SuggestionID(w.ID, ws.No) + " " + col + ": got " + quote(a) + ", want " + quote(b)
				}
			}
			if !reflect.DeepEqual(gs.Extra, ws.Extra) {
				return record.SuggestionID(w.ID, ws.No) + " extra: got " + quote(extraString(gs.Extra)) + ", want " + quote(extraString(ws.Extra))
			}
		}
		if !reflect.DeepEqual(g, w) {
			return w.ID + ": differs (nil and empty lists?)"
		}
	}
	return "differs"
}

func extraString(fs []record.Field) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Name + "=" + f.Value + ";")
	}
	return b.String()
}

func quote(s string) string { return strconv.Quote(s) }

func itoa(n int) string { return strconv.Itoa(n) }

type format struct {
	name  string
	ext   string
	write func(io.Writer, []record.Proposal) error
	parse func(io.Reader, string) ([]record.Proposal, error)
}

// records is what sources read give, all together.
func records(srcs []*ingest.Source, err error) ([]record.Proposal, error) {
	if err != nil {
		return nil, err
	}
	var out []record.Proposal
	for _, s := range srcs {
		out = append(out, s.Proposals...)
	}
	return out, nil
}

func one(s *ingest.Source, err error) ([]*ingest.Source, error) {
	if err != nil {
		return nil, err
	}
	return []*ingest.Source{s}, nil
}

var formats = []format{
	{"csv", ".csv", ingest.WriteCSV, func(r io.Reader, name string) ([]record.Proposal, error) {
		return records(one(ingest.ParseCSV(r, name, ingest.Options{})))
	}},
	{"jsonl", ".jsonl", ingest.WriteJSONL, func(r io.Reader, name string) ([]record.Proposal, error) {
		return records(one(ingest.ParseJSONL(r, name, ingest.Options{})))
	}},
	{"xlsx", ".xlsx", ingest.WriteXLSX, func(r io.Reader, name string) ([]record.Proposal, error) {
		return records(ingest.ParseXLSX(r, name, ingest.Options{}))
	}},
}

// The seed written in each format and read back is the seed, every cell
// byte for byte, in the same order; so is the file read by extension and by
// content alone.
func TestRoundTripSeed(t *testing.T) {
	want := parseSeed(t)
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.write(&buf, want); err != nil {
				t.Fatal(err)
			}
			data := buf.Bytes()
			got, err := f.parse(bytes.NewReader(data), "seed"+f.ext)
			if err != nil {
				t.Fatal(err)
			}
			if d := diffProposals(got, want); d != "" {
				t.Fatal(d)
			}
			for _, name := range []string{"seed" + f.ext, "seed"} {
				got, err := records(ingest.ParseBytes(name, data, ingest.Options{}))
				if err != nil {
					t.Fatalf("ParseBytes(%q): %v", name, err)
				}
				if d := diffProposals(got, want); d != "" {
					t.Errorf("ParseBytes(%q): %s", name, d)
				}
			}
			// Writing what was read gives the same bytes again (xlsx
			// records the time it was written, so only its records).
			var again bytes.Buffer
			if err := f.write(&again, got); err != nil {
				t.Fatal(err)
			}
			if f.name != "xlsx" && !bytes.Equal(again.Bytes(), data) {
				t.Error("writing the read records again gives other bytes")
			}
		})
	}
}

// Through every format in turn and back.
func TestRoundTripChain(t *testing.T) {
	want := parseSeed(t)
	ps := want
	for _, f := range append(append([]format{}, formats...), formats...) {
		var buf bytes.Buffer
		if err := f.write(&buf, ps); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		var err error
		if ps, err = f.parse(&buf, "chain"+f.ext); err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
	}
	if d := diffProposals(ps, want); d != "" {
		t.Fatal(d)
	}
}

// The CSV writer starts with a byte-order mark and the header of Fields;
// each suggestion is one record.
func TestWriteCSVLayout(t *testing.T) {
	var buf bytes.Buffer
	if err := ingest.WriteCSV(&buf, parseSeed(t)); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if want := "\uFEFF" + strings.Join(ingest.Header(nil), ",") + "\n"; !strings.HasPrefix(s, want) {
		t.Errorf("CSV starts %q, want %q", s[:min(len(s), len(want))], want)
	}
	if !strings.Contains(s, "\n20190720,提案,2019,关于大力发展粤港澳大湾区养老事业的若干建议,朱文豪,,市民政局,市人力资源和社会保障局、市财政局、市医疗保障局,,,,,1,1.加大对养老机构的支持投入。,\"1.先后制定印发") {
		t.Errorf("the first record is not as expected: %q", s[len(ingest.Header(nil)):][:300])
	}
}

// variantProposal is what the variant spellings of one proposal in
// TestParseCSVVariants and TestParseJSONLVariants all read as.
func variantProposal(kind string) []record.Proposal {
	return []record.Proposal{{
		ID: "20190720", Kind: kind, Year: 2019, Title: "关于养老的建议", Proposer: "朱文豪", LeadDepartment: "市民政局",
		CoDepartments: []string{"市财政局", "市医疗保障局"},
		Suggestions: []record.Suggestion{
			{No: 1, Text: "1.加大投入。", Reply: record.Reply{Done: "1.已印发。\n\n2.已资助。"}},
			{No: 2, Text: "2.引进合作。", Reply: record.Reply{InProgress: "1.推进中。", NotAdopted: "不宜设立。"}},
		},
	}}
}

// Chinese column names, any column order, no suggestion_no and
// continuation rows that leave the proposal cells empty.
func TestParseCSVVariants(t *testing.T) {
	tests := []struct {
		name string
		kind string // what the header says
		data string
	}{
		{"English header", "", "proposal_id,title,proposer,lead_department,co_departments,suggestion_no,suggestion,done,in_progress,planned,not_adopted\n" +
			"20190720,关于养老的建议,朱文豪,市民政局,\"市财政局,市医疗保障局\",1,1.加大投入。,\"1.已印发。\n\n2.已资助。\",,,\n" +
			"20190720,关于养老的建议,朱文豪,市民政局,\"市财政局,市医疗保障局\",2,2.引进合作。,,1.推进中。,,不宜设立。\n"},
		{"Chinese header, other order, no numbers, continuation row", "提案", "\uFEFF提案编号,建议,已落实,正在落实,计划落实,未能落实,标题,提案人,主办单位,协办单位\r\n" +
			"20190720,1.加大投入。,\"1.已印发。\r\n\r\n2.已资助。\",,,,关于养老的建议,朱文豪,市民政局,市财政局、市医疗保障局\r\n" +
			",2.引进合作。,,1.推进中。,,不宜设立。,,,,\r\n"},
		{"numbers out of order, blank rows, spaces", "", "proposal_id , suggestion_no,suggestion,done,in_progress,not_adopted,title,proposer,lead_department,co_departments\n" +
			"20190720,2, 2.引进合作。 ,,1.推进中。,不宜设立。,关于养老的建议,朱文豪,市民政局,\"市财政局，市医疗保障局\"\n" +
			",,,,,,,,,\n" +
			"20190720,1,1.加大投入。,\"  1.已印发。\n\n2.已资助。\n\",,,,,,\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := records(one(ingest.ParseCSV(strings.NewReader(tt.data), "v.csv", ingest.Options{})))
			if err != nil {
				t.Fatal(err)
			}
			if d := diffProposals(got, variantProposal(tt.kind)); d != "" {
				t.Error(d)
			}
		})
	}
}

// JSON Lines may leave out suggestion numbers and empty fields, and may
// give co-departments as one joined string.
func TestParseJSONLVariants(t *testing.T) {
	data := "\uFEFF" + `{"id":" 20190720 ","title":" 关于养老的建议\r\n","proposer":"朱文豪","lead_department":"市民政局","co_departments":["市财政局、市医疗保障局"],` +
		`"suggestions":[{"text":"1.加大投入。","reply":{"done":"[bookmark: _GoBack]1.已印发。\r\n\r\n2.已资助。"}},{"no":2,"text":"2.引进合作。","reply":{"in_progress":"1.推进中。","not_adopted":"不宜设立。"}}]}` +
		"\r\n\r\n"
	want := variantProposal("")
	got, err := records(one(ingest.ParseJSONL(strings.NewReader(data), "v.jsonl", ingest.Options{})))
	if err != nil {
		t.Fatal(err)
	}
	if d := diffProposals(got, want); d != "" {
		t.Error(d)
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name string
		file string
		head string
		want ingest.Format
		err  bool
	}{
		{"txt extension", "a.txt", "", ingest.FormatTable, false},
		{"tsv extension", "a.TSV", "", ingest.FormatTable, false},
		{"csv extension", "a.csv", "{", ingest.FormatCSV, false},
		{"jsonl extension", "a.jsonl", "", ingest.FormatJSONL, false},
		{"ndjson extension", "a.ndjson", "", ingest.FormatJSONL, false},
		{"json extension", "a.json", "", ingest.FormatJSONL, false},
		{"xlsx extension", "A.XLSX", "", ingest.FormatXLSX, false},
		{"zip content", "upload", "PK\x03\x04rest", ingest.FormatXLSX, false},
		{"zip content of a Word document", "upload", "PK\x03\x04\x14\x00\x06\x00[Content_Types].xml word/document.xml", ingest.FormatDOCX, false},
		{"docx extension", "a.docx", "", ingest.FormatDOCX, false},
		{"old Excel", "a.xls", "", "", true},
		{"JSON content after a BOM and blank lines", "upload", "\uFEFF\r\n {\"id\"", ingest.FormatJSONL, false},
		{"table content", "upload", " \t20190720\n", ingest.FormatTable, false},
		{"CSV content", "upload", "proposal_id,suggestion\n", ingest.FormatCSV, false},
		{"unknown content", "upload", "hello", "", true},
		{"empty content", "upload", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ingest.DetectFormat(tt.file, []byte(tt.head))
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("DetectFormat(%q, %q) = %q, %v; want %q, error %v", tt.file, tt.head, got, err, tt.want, tt.err)
			}
			if err != nil && !strings.Contains(err.Error(), tt.file) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

// A proposal in two files: the later file's replaces the earlier one in its
// place, and a warning names the later file and the id.
func TestReadFilesDuplicateID(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "a.txt")
	writeFile(t, first, readSeed(t))
	second := filepath.Join(dir, "b.jsonl")
	replacement := record.Proposal{ID: "20190730", Kind: "提案", Year: 2019, Title: "关于深圳困境儿童救助保护的建议（修订）", Proposer: "潘争艳", LeadDepartment: "市民政局",
		Suggestions: []record.Suggestion{{No: 1, Text: "1.全力推进立法工作。", Reply: record.Reply{Done: "1.已出台。"}}}}
	added := record.Proposal{ID: "20210001", Year: 2021, Title: "关于社区食堂的建议", Suggestions: []record.Suggestion{{No: 1, Text: "1.建设社区食堂。", Reply: record.Reply{Planned: "1.纳入计划。"}}}}
	var buf bytes.Buffer
	if err := ingest.WriteJSONL(&buf, []record.Proposal{replacement, added}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, second, buf.Bytes())

	c, err := ingest.ReadFiles(ingest.Options{}, first, second)
	if err != nil {
		t.Fatal(err)
	}
	seed := parseSeed(t)
	want := append(append([]record.Proposal{}, seed...), added)
	want[3] = replacement // 20190730 is the seed's fourth proposal
	if seed[3].ID != "20190730" {
		t.Fatalf("the seed's fourth proposal is %s", seed[3].ID)
	}
	if d := diffProposals(c.Proposals, want); d != "" {
		t.Error(d)
	}
	if got, want := c.Suggestions(), 70-5+1+1; got != want {
		t.Errorf("Suggestions() = %d, want %d", got, want)
	}
	if len(c.Warnings) != 1 {
		t.Fatalf("warnings %q, want one", c.Warnings)
	}
	for _, s := range []string{second, "20190730", "replaces the earlier one"} {
		if !strings.Contains(c.Warnings[0], s) {
			t.Errorf("warning %q does not contain %q", c.Warnings[0], s)
		}
	}

	// The other way round the seed's version wins.
	c, err = ingest.ReadFiles(ingest.Options{}, second, first)
	if err != nil {
		t.Fatal(err)
	}
	if c.Proposals[0].ID != "20190730" || !reflect.DeepEqual(c.Proposals[0], seed[3]) {
		t.Errorf("first proposal is %s %q, want the seed's 20190730", c.Proposals[0].ID, c.Proposals[0].Title)
	}
	if len(c.Proposals) != 19 || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], first) {
		t.Errorf("%d proposals, warnings %q; want 19 and one naming %s", len(c.Proposals), c.Warnings, first)
	}

	// The same file twice: every proposal is replaced by itself.
	c, err = ingest.ReadFiles(ingest.Options{}, first, first)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffProposals(c.Proposals, seed); d != "" || len(c.Warnings) != 18 {
		t.Errorf("same file twice: %s, %d warnings; want the seed and 18", d, len(c.Warnings))
	}
}

// Cells that only become clean after several passes (a bookmark inside a
// bookmark, CRs before a CRLF) are stored clean, so they read back the same
// from every export format.
func TestRoundTripCleanedCells(t *testing.T) {
	tests := []struct {
		name, cell, want string
	}{
		{"bookmark inside a bookmark", "[bookm[bookmark: x]ark: _GoBack]1.已印发。", "1.已印发。"},
		{"bookmark between CR and LF", "1.已印发。\r[bookmark: _GoBack]\n2.已资助。", "1.已印发。\n2.已资助。"},
		{"CRs before a CRLF", "1.已印发。\r\r\r\n2.已资助。", "1.已印发。\n2.已资助。"},
		{"bookmark at the end", "1.已印发。 [bookmark: _GoBack]", "1.已印发。"},
		{"ideographic spaces around", "\u30001.已印发。\u3000", "1.已印发。"},
		{"HTML entities", "1.已印发&lt;通知&gt;&nbsp;&nbsp;及细则。", "1.已印发<通知> 及细则。"},
		{"an escaped entity stays", "1.写作&amp;lt;。", "1.写作&amp;lt;。"},
		{"padding and runs of blanks", "\n    \n    1.已印发。\t\t2.已资助。  \n\n\n\n3.已完成。", "1.已印发。 2.已资助。\n\n3.已完成。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := strings.Replace(validRow("20190720"), "1.已印发文件。", tt.cell, 1)
			src, err := ingest.ParseTable(strings.NewReader(data), "cells.txt", ingest.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ps := src.Proposals
			if got := ps[0].Suggestions[0].Reply.Done; got != tt.want {
				t.Fatalf("stored %q, want %q", got, tt.want)
			}
			for _, f := range formats {
				var buf bytes.Buffer
				if err := f.write(&buf, ps); err != nil {
					t.Fatal(err)
				}
				got, err := f.parse(&buf, "cells"+f.ext)
				if err != nil {
					t.Fatalf("%s: %v", f.name, err)
				}
				if d := diffProposals(got, ps); d != "" {
					t.Errorf("%s: %s", f.name, d)
				}
			}
		})
	}
}
