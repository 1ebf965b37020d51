package search

import (
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simpleHighlighter "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
)

// HighlighterName is the bleve highlighter the searcher uses: fragments of
// about a hundred characters (a Chinese sentence or two), text HTML-escaped,
// matches in <mark>.
const HighlighterName = "precedent_html"

// fragmentRunes is the length of a highlighted fragment, in characters.
const fragmentRunes = 100

func init() {
	registry.RegisterHighlighter(HighlighterName, func(map[string]interface{}, *registry.Cache) (highlight.Highlighter, error) {
		return simpleHighlighter.NewHighlighter(simple.NewFragmenter(fragmentRunes), html.NewFragmentFormatter("<mark>", "</mark>"), "…"), nil
	})
}
