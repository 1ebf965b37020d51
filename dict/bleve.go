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
type Tokenizer struct{ A *Analyzer }

// Tokenize implements analysis.Tokenizer.
func (t Tokenizer) Tokenize(input []byte) analysis.TokenStream {
	toks := t.A.Tokens(string(input))
	out := make(analysis.TokenStream, len(toks))
	for i, tk := range toks {
		typ := analysis.Ideographic
		if !HasHan(tk.Term) {
			typ = analysis.AlphaNumeric
			if isNumeric(tk.Term) {
				typ = analysis.Numeric
			}
		}
		out[i] = &analysis.Token{Term: []byte(tk.Term), Start: tk.Start, End: tk.End, Position: tk.Position, Type: typ}
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
