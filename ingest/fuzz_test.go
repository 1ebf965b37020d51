package ingest_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// Run a fuzzer with, one at a time:
//
//	go test ./ingest -run '^$' -fuzz '^FuzzParseTable$' -fuzztime 60s -fuzzminimizetime 5s -parallel 1
//
// (FuzzParseCSV, FuzzParseJSONL, FuzzParseXLSX, FuzzCleanCell likewise).
// Without -fuzzminimizetime the worker spends up to a minute minimizing each
// new input of the 38 KB seed and fuzzes next to nothing. Crashers go to
// testdata/fuzz/<Fuzz…>/ and then run as ordinary tests. With Go 1.26 a run
// can end in a bare "context deadline exceeded" and no crasher: that is the
// fuzz coordinator's race at the -fuzztime deadline (go.dev/issue/75804),
// not a failure of the target.

// checkParseError asserts what every failed parse gives: no records and a
// *ParseError naming the file, at a line the file has.
func checkParseError(t *testing.T, ps []record.Proposal, err error, name string, lines int) {
	t.Helper()
	if ps != nil {
		t.Fatalf("%d proposals returned with the error %v", len(ps), err)
	}
	var pe *ingest.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %q (%T) holds no *ParseError", err, err)
	}
	if !strings.HasPrefix(pe.File, name) {
		t.Fatalf("ParseError.File = %q, want %q", pe.File, name)
	}
	if pe.Line < 0 || (lines > 0 && pe.Line > lines) {
		t.Fatalf("ParseError.Line = %d, the file has %d lines", pe.Line, lines)
	}
	if !strings.Contains(err.Error(), name) {
		t.Fatalf("error %q does not name the file", err)
	}
}

// checkCells asserts that every cell is stored clean: trimmed, no export
// bookmark, line ends normalised.
func checkCells(t *testing.T, ps []record.Proposal) {
	t.Helper()
	for _, p := range ps {
		cells := []string{p.Title, p.Proposer, p.LeadDepartment, p.Class, p.Category}
		cells = append(cells, p.CoDepartments...)
		cells = append(cells, p.CoProposers...)
		for _, s := range p.Suggestions {
			cells = append(cells, s.Text, s.Reply.Done, s.Reply.InProgress, s.Reply.Planned, s.Reply.NotAdopted, s.Reply.Letter)
			for _, e := range s.Extra {
				cells = append(cells, e.Value)
			}
		}
		for _, c := range cells {
			if c != strings.TrimSpace(c) {
				t.Fatalf("proposal %s: cell not trimmed: %q", p.ID, c)
			}
			if strings.Contains(c, "\r\n") {
				t.Fatalf("proposal %s: cell keeps a CRLF: %q", p.ID, c)
			}
			if indexerBookmark.MatchString(c) {
				t.Fatalf("proposal %s: cell keeps a bookmark: %q", p.ID, c)
			}
		}
		for _, d := range p.CoDepartments {
			if d == "" || strings.ContainsAny(d, ",，、;；\n") {
				t.Fatalf("proposal %s: co-department %q not split", p.ID, d)
			}
		}
	}
}

// checkRoundTrips asserts that records written as CSV and as JSON Lines
// read back the same.
func checkRoundTrips(t *testing.T, ps []record.Proposal) {
	t.Helper()
	for _, f := range formats[:2] { // csv, jsonl; xlsx is too slow to fuzz
		var buf bytes.Buffer
		if err := f.write(&buf, ps); err != nil {
			t.Fatalf("%s: write: %v", f.name, err)
		}
		got, err := f.parse(bytes.NewReader(buf.Bytes()), "again"+f.ext)
		if err != nil {
			t.Fatalf("%s: the written file does not parse: %v\n%q", f.name, err, buf.Bytes())
		}
		if d := diffProposals(got, ps); d != "" {
			t.Fatalf("%s: round trip: %s", f.name, d)
		}
	}
}

func lineCount(data []byte) int { return bytes.Count(data, []byte("\n")) + 1 }

func FuzzParseTable(f *testing.F) {
	seed := readSeed(f)
	f.Add(seed)
	row := validRow("20190720")
	for _, s := range []string{
		row,
		row + tableRow("", "", "", "", "", "2.引进合作。", "", "1.推进中。\n\n2.研究中。", "", ""),
		strings.ReplaceAll(row, "\n", "\r\n"),
		"\uFEFF \t20190720\n\t标题\n\t\n\t\n\t市财政局、市医疗保障局；市民政局\n\t1.建议\n\t[bookmark: _GoBack]1.已落实\n\n2.第二项\n\t\n\t\n\t不宜设立\n",
		strings.Replace(row, "20190720", "2019072", 1),
		row + tableRow("20190720", "重复", "", "", "", "1.x", "", "", "", ""),
		row + tableRow("", "标题", "", "", "", "1.x", "", "", "", ""),
		tableRow("20190720", "标题", "", "", "", "1.x", "", "", ""),
		"表头\n" + row,
		"",
		"\t",
		"\t\xff\n",
		// Cells clean only after several passes.
		strings.Replace(row, "1.已印发文件。", "[bookm[bookmark: x]ark: y]1.a", 1),
		strings.Replace(row, "1.已印发文件。", "a\r\r\r\nb\r[bookmark: x]\nc", 1),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := records(one(ingest.ParseTable(bytes.NewReader(data), "fuzz.txt", ingest.Options{})))
		if err != nil {
			checkParseError(t, ps, err, "fuzz.txt", lineCount(data))
			return
		}
		checkInvariants(t, ps)
		checkCells(t, ps)
		checkRoundTrips(t, ps)
	})
}

func FuzzParseCSV(f *testing.F) {
	var buf bytes.Buffer
	if err := ingest.WriteCSV(&buf, parseSeed(f)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	good := "20190720,关于养老的建议,朱文豪,市民政局,\"市财政局,市医疗保障局\",1,1.加大投入。,\"1.已印发。\n\n2.已资助。\",,,\n"
	for _, s := range []string{
		csvHeader + good,
		csvHeader + good + "20190720,,,,,2,2.引进合作。,,1.推进中。,,不宜\n",
		csvHeader + good + ",,,,,,,,,,\n,,,,,3,3.鼓励。,,,1.计划。,\n",
		"\uFEFF提案编号,建议,已落实,正在落实,计划落实,未能落实,标题,提案人,主办单位,协办单位\r\n20190720,1.加大投入。,\"1.已印发。\r\n\r\n2.已资助。\",,,,关于养老的建议,朱文豪,市民政局,市财政局、市医疗保障局\r\n,2.引进合作。,,1.推进中。,,不宜设立。,,,,\r\n",
		"proposal_id,suggestion,title\n20190720,\"[bookmark: _GoBack]1.x\",t\n",
		csvHeader + good + "20190720,关于养老事业的建议,,,,2,2.x,,,,\n",
		csvHeader + good + "20190720,,,,,x,2.x,,,,\n",
		csvHeader + good + "20190720,,,,,2,2.引进\"香港\"合作。,,,,\n",
		"proposal_id,title\n",
		csvHeader,
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := records(one(ingest.ParseCSV(bytes.NewReader(data), "fuzz.csv", ingest.Options{})))
		if err != nil {
			checkParseError(t, ps, err, "fuzz.csv", lineCount(data))
			return
		}
		checkInvariants(t, ps)
		checkCells(t, ps)
		checkRoundTrips(t, ps)
	})
}

func FuzzParseJSONL(f *testing.F) {
	var buf bytes.Buffer
	if err := ingest.WriteJSONL(&buf, parseSeed(f)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	for _, s := range []string{
		`{"id":"20190720","title":"关于养老的建议","proposer":"朱文豪","lead_department":"市民政局","co_departments":["市财政局"],"suggestions":[{"no":1,"text":"1.加大投入。","reply":{"done":"1.已印发。"}}]}` + "\n",
		"\uFEFF" + `{"id":" 20190720 ","title":" t\r\n","co_departments":["a、b",""],"suggestions":[{"text":"1.x","reply":{"done":"[bookmark: _GoBack]1.y\r\n\r\n2.z"}},{"no":3,"text":"3.x"}]}` + "\r\n\r\n",
		`{"id":"20190842","title":"t","suggestions":[{"no":2,"text":"2.a"},{"no":1,"text":"1.b"}]}` + "\n" + `{"id":"20190843","title":"u","suggestions":[{"text":"x"}]}`,
		`{"id":"20190842","title":"t","suggestions":[{"no":-1,"text":"x"}]}`,
		`{"id":"20190842","title":"t","suggestions":[{"no":"1","text":"x"}]}`,
		`{"id":"20190842","title":"t","x":1}`,
		`{"id":"20190842","title":"t",}`,
		`{} {}`,
		"null\n",
		"",
		// Flat records, as platforms export them.
		`{"id":"tc-1","title":"噪音扰民","text":"夜间施工","reply":"已处理","date":"2019-06-20 10:55:18","reply_date":"2019/7/1","topic":null,"点赞数":3}` + "\n" +
			`{"id":"tc-2","title":"路灯","text":"不亮","date":"43636","co_departments":["a","b"]}`,
		`{"id":"x","title":"t","reply_date":"明天"}`,
		`{"id":"x","title":"t","nested":{"a":1}}`,
		`{"标题":"t","内容":"c","办理结果":"A类（已解决或采纳）","年度":"2019","提案号":"第0720号"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := records(one(ingest.ParseJSONL(bytes.NewReader(data), "fuzz.jsonl", ingest.Options{})))
		if err != nil {
			checkParseError(t, ps, err, "fuzz.jsonl", lineCount(data))
			return
		}
		checkInvariants(t, ps)
		checkCells(t, ps)
		checkRoundTrips(t, ps)
	})
}

func FuzzParseXLSX(f *testing.F) {
	var buf bytes.Buffer
	seed := parseSeed(f)
	if err := ingest.WriteXLSX(&buf, seed[:3]); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	buf.Reset()
	if err := ingest.WriteXLSX(&buf, nil); err != nil { // header only
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("proposal_id,suggestion\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := records(ingest.ParseXLSX(bytes.NewReader(data), "fuzz.xlsx", ingest.Options{}))
		if err != nil {
			checkParseError(t, ps, err, "fuzz.xlsx", 0)
			return
		}
		checkInvariants(t, ps)
		checkCells(t, ps)
		checkRoundTrips(t, ps)
		// Successful parses are rare here, so the slow xlsx round trip too.
		var buf bytes.Buffer
		if err := ingest.WriteXLSX(&buf, ps); err != nil {
			t.Fatal(err)
		}
		got, err := records(ingest.ParseXLSX(&buf, "again.xlsx", ingest.Options{}))
		if err != nil {
			t.Fatalf("the written workbook does not parse: %v", err)
		}
		if d := diffProposals(got, ps); d != "" {
			t.Fatalf("xlsx round trip: %s", d)
		}
	})
}
