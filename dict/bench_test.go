package dict

import (
	"runtime"
	"testing"
)

// BenchmarkLoad measures loading the dictionaries: time, and the heap the
// loaded Analyzer keeps (retained-MB).
func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	keep, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/1e6, "retained-MB")
	runtime.KeepAlive(keep)
}

// BenchmarkTokens measures index-time analysis of a typical reply cell.
func BenchmarkTokens(b *testing.B) {
	a, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	text := "1.以全国居家社区养老服务改革试点为契机，在盐田区探索志愿养老服务体系，探索“时间银行”模式，建立为老志愿服务时间记录、储蓄、回馈等激励机制。2.推进《深圳经济特区养老服务条例》的研究制定。"
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		a.Tokens(text)
	}
}
