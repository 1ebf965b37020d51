//go:build soak || replicas

package main

// The request mix of the load tests (soak_test.go, replicas_test.go): real
// queries, filters, ids and prefixes of the seed, and the probe whose total
// tells which index answered.

import (
	"net/url"
	"strings"
	"time"
)

// probeQuery is searched by the load tests to tell the indexes apart: its
// total differs between the seed and the seed with generated proposals.
const probeQuery = "养老"

var (
	soakQueries = []string{"养老", "医疗保障", "养老机构 补贴", "\"社区养老\"", "教育 -学前", "标题:养老", "交通", "人才培训",
		"居家养老服务", "yanglao", "托育", "医养结合 香港", "老年人 护理 人才", "公办养老机构", "消费券"}
	soakFilters = []string{"", "", "", "year=2019", "year=2020", "department=" + url.QueryEscape("市民政局"),
		"status=done", "status=not_adopted", "topic=" + url.QueryEscape("养老"), "sort=year_desc", "group=proposal",
		"page=2", "size=50", "year_from=2019&year_to=2020", "noexpand=1"}
	soakIDs      = strings.Fields("20190720 20190842 20190821 20190730 20190724 20190680 20190601 20190691 20190770 20190803 20190818 20190727 20190518 20200066 20200060 20200046 20200015 20190798")
	soakPrefixes = []string{"养", "养老", "医", "社区", "yl", "yang", "jiaoyu", "人才", "交"}
)

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// pct is the p-th percentile of sorted durations (nearest rank).
func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
