package tr

import (
	"context"
	"testing"
)

type lang string

func (l lang) Lang() string                                 { return string(l) }
func (l lang) Translate(id string, _ map[string]any) string { return id }

func TestNumberGroupsDigitsByLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 100000, "100,000"}, {"fr", 100000, "100\u00a0000"}, {"es", 100000, "100.000"},
		{"en", 25, "25"}, {"fr", 1000, "1\u00a0000"}, {"es", 0, "0"},
	} {
		if got := Number(With(context.Background(), lang(tt.lang)), tt.n); got != tt.want {
			t.Errorf("%s %d = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}
