package search

import (
	"strings"
	"testing"

	"github.com/mozillazg/go-pinyin"
)

// TestPinyinKeys checks the cached keys against go-pinyin's own LazyPinyin.
func TestPinyinKeys(t *testing.T) {
	args := pinyin.NewArgs()
	first := pinyin.NewArgs()
	first.Style = pinyin.FirstLetter
	k := pinyinKeys{}
	for _, s := range []string{"养老服务时间银行", "深圳市民政局", "醫養結合", "3H center：2019年（试行）", "重庆长安", "", "abc"} {
		for range 2 { // from go-pinyin, then from the cache
			full, initials := k.of(s)
			if want := strings.Join(pinyin.LazyPinyin(s, args), ""); full != want {
				t.Errorf("%q: full %q, want %q", s, full, want)
			}
			if want := strings.Join(pinyin.LazyPinyin(s, first), ""); initials != want {
				t.Errorf("%q: initials %q, want %q", s, initials, want)
			}
		}
	}
}
