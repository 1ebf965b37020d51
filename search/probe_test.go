package search

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// eagerQuery hides a clause from the probe: it is searched by its own
// searcher, as every clause was before probeClause.
type eagerQuery struct{ query.Query }

func (q eagerQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	return q.Query.Searcher(ctx, r, m, o)
}

// eager hides the clauses of q's coverage queries that only add to the
// scores from the probe, and counts those that would be probed.
func eager(q query.Query) int {
	n := 0
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, sub := range []query.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			n += eager(sub)
		}
	case *query.ConjunctionQuery:
		for _, sub := range q.Conjuncts {
			n += eager(sub)
		}
	case *coverageQuery:
		drivers := false
		for _, c := range q.clauses {
			drivers = drivers || c.driver
		}
		for i, c := range q.clauses {
			if !drivers || c.driver {
				continue
			}
			if _, _, _, ok := probeTerms(c.q); ok {
				n++
			}
			q.clauses[i].q = eagerQuery{c.q}
		}
	}
	return n
}

// TestProbeAsSearcher: a query whose generic words are probed at the
// documents its specific words find ranks as the same query whose clauses
// are each searched by their own searchers: the same hits, in the same
// order, with the same scores and highlights, on the seed and on the real
// messages.
func TestProbeAsSearcher(t *testing.T) {
	tests := []struct {
		name    string
		s       func(t *testing.T) *Searcher
		queries []string
	}{
		{"seed", func(*testing.T) *Searcher { return seedIndex }, []string{
			"养老护理人才培养", "社区居家养老服务", "养老服务标准化建设", "老年人 助餐", "时间银行 志愿者",
			"老年社工人才培训", "医养结合 签约", "建议加快养老机构建设",
		}},
		{"real", realIndex, []string{
			"驾驶证 补办", "工厂排放废气村民强烈要求整改", "广场舞 扰民", "学位 申请", "冬奥会 志愿者",
			"小区物业乱收费怎么办", "开发商一直拖着不交房业主强烈要求给个说法", "燃气费太高", "外地户口的孩子在这里上小学需要什么条件",
		}},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.s(t)
			probed := 0
			for _, text := range tt.queries {
				r := Request{Query: text, Size: 50, NoFacets: true}
				a := s.buildQuery(r)
				b := s.buildQuery(r)
				probed += eager(b.q)
				ra, err := s.searchQuery(ctx, a.q, a.hl, r)
				if err != nil {
					t.Fatal(err)
				}
				rb, err := s.searchQuery(ctx, b.q, b.hl, r)
				if err != nil {
					t.Fatal(err)
				}
				if ra.Total != rb.Total || len(ra.Hits) != len(rb.Hits) {
					t.Fatalf("%s: %d hits (%d shown) probed, %d (%d) not", text, ra.Total, len(ra.Hits), rb.Total, len(rb.Hits))
				}
				for i := range ra.Hits {
					ha, hb := ra.Hits[i], rb.Hits[i]
					if ha.ID != hb.ID || ha.Score != hb.Score {
						t.Fatalf("%s: hit %d is %s %v probed, %s %v not", text, i+1, ha.ID, ha.Score, hb.ID, hb.Score)
					}
					if len(ha.Highlights) != len(hb.Highlights) {
						t.Fatalf("%s: %s highlighted %v probed, %v not", text, ha.ID, ha.Highlights, hb.Highlights)
					}
					for f, frags := range ha.Highlights {
						if len(frags) != len(hb.Highlights[f]) || (len(frags) > 0 && frags[0] != hb.Highlights[f][0]) {
							t.Fatalf("%s: %s highlighted %v probed, %v not", text, ha.ID, ha.Highlights, hb.Highlights)
						}
					}
				}
			}
			if probed == 0 {
				t.Fatal("no query had a clause to probe: the test compares nothing")
			}
		})
	}
}
