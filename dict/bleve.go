package dict

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names under which the package registers itself with bleve.
const (
	TokenizerName = "precedent_zh"
	AnalyzerName  = "precedent_zh"
)

// Tokenizer is a bleve tokenizer over an Analyzer's index-time Tokens: exact
// byte offsets into the field's text and piece positions for phrases.
//
// The tokens of a text are cached: a proposal's title, proposer and
// departments come again with each of its suggestions, and replies repeat.
// The streams of a text share their tokens, which is safe as long as nothing
// changes a token after Tokenize: bleve's indexing and query analysis only
// read them, and the analyzer registered here has no token filter (a filter
// such as lower case would change the cached tokens in place).
type Tokenizer struct{ A *Analyzer }

// Tokenize implements analysis.Tokenizer.
func (t Tokenizer) Tokenize(input []byte) analysis.TokenStream {
	text := string(input)
	if cached, ok := t.A.cells.get(text); ok {
		return tokenStream(cached)
	}
	toks := t.A.Tokens(text)
	// One allocation for the tokens and one for their terms.
	n := 0
	for _, tk := range toks {
		n += len(tk.Term)
	}
	terms := make([]byte, 0, n)
	slab := make([]analysis.Token, len(toks))
	for i, tk := range toks {
		typ := analysis.Ideographic
		if !HasHan(tk.Term) {
			typ = analysis.AlphaNumeric
			if isNumeric(tk.Term) {
				typ = analysis.Numeric
			}
		}
		s := len(terms)
		terms = append(terms, tk.Term...)
		slab[i] = analysis.Token{Term: terms[s:len(terms):len(terms)], Start: tk.Start, End: tk.End, Position: tk.Position, Type: typ}
	}
	t.A.cells.put(text, slab, len(slab))
	return tokenStream(slab)
}

// tokenStream returns a stream of the tokens of the slab toks.
func tokenStream(toks []analysis.Token) analysis.TokenStream {
	out := make(analysis.TokenStream, len(toks))
	for i := range toks {
		out[i] = &toks[i]
	}
	return out
}

func isNumeric(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func init() {
	// Preload, not Default: opening an index builds its analyzers, and it
	// need not wait for the dictionary, which Tokenize waits for.
	registry.RegisterTokenizer(TokenizerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		a, err := Preload()
		if err != nil {
			return nil, err
		}
		return Tokenizer{A: a}, nil
	})
	registry.RegisterAnalyzer(AnalyzerName, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(TokenizerName)
		if err != nil {
			return nil, err
		}
		return &analysis.DefaultAnalyzer{Tokenizer: tok}, nil
	})
}
