package i18n_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mlportal/portal/web/i18n"
)

// TestCatalogsHaveTheSameKeys fails when a message is missing from any
// language, or present in only one.
func TestCatalogsHaveTheSameKeys(t *testing.T) {
	reference, err := i18n.MessageIDs("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range i18n.Languages()[1:] {
		ids, err := i18n.MessageIDs(lang)
		if err != nil {
			t.Fatal(err)
		}
		if missing := diff(reference, ids); len(missing) > 0 {
			t.Errorf("%s catalog lacks %v", lang, missing)
		}
		if extra := diff(ids, reference); len(extra) > 0 {
			t.Errorf("%s catalog has keys English lacks: %v", lang, extra)
		}
	}
}

// keyLiteral matches a quoted string that looks like a message ID.
var keyLiteral = regexp.MustCompile(`"([a-z][a-z0-9_]*\.[a-z0-9_]*[a-z0-9])"`)

// messageConst matches a declared message: `MsgX Message = "a.b"`.
var messageConst = regexp.MustCompile(`\bMessage\s*=\s*"([^"]+)"`)

// TestEveryKeyInTheCodeIsInTheCatalogs scans the Go and templ sources for
// string literals that start with a catalog section ("auth.", "nav.", …) and
// checks each is a message in every language.
func TestEveryKeyInTheCodeIsInTheCatalogs(t *testing.T) {
	en, err := i18n.MessageIDs("en")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]bool{}
	for id := range en {
		sections[strings.SplitN(id, ".", 2)[0]] = true
	}
	root := filepath.Join("..", "..")
	used := map[string]string{}
	for _, dir := range []string{"domain", "web", "views"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if strings.HasSuffix(path, "_templ.go") || strings.HasSuffix(path, "_test.go") ||
				!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".templ")) {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range keyLiteral.FindAllStringSubmatch(string(src), -1) {
				if sections[strings.SplitN(m[1], ".", 2)[0]] {
					used[m[1]] = path
				}
			}
			// Declared messages count whatever their section, so a new
			// section cannot slip past the scan above.
			for _, m := range messageConst.FindAllStringSubmatch(string(src), -1) {
				used[m[1]] = path
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(used) < 20 {
		t.Fatalf("found only %d keys in the sources; the scan looks broken", len(used))
	}
	for _, lang := range i18n.Languages() {
		ids, err := i18n.MessageIDs(lang)
		if err != nil {
			t.Fatal(err)
		}
		for key, path := range used {
			if !ids[key] {
				t.Errorf("%s: key %q used in %s is missing", lang, key, path)
			}
		}
	}
}

// TestKeysBuiltAtRunTime covers message IDs the code assembles from parts.
func TestKeysBuiltAtRunTime(t *testing.T) {
	keys := []string{"role.root", "role.operator", "role.iam", "settings.step_profile", "settings.step_tax", "settings.step_bank"}
	for _, st := range []string{"draft", "limited", "public", "restricted"} {
		keys = append(keys, "listing.status_"+st)
	}
	for _, u := range []string{"realtime", "batch", "training"} {
		keys = append(keys, "listing.use_"+u)
	}
	for _, p := range []string{"public", "private"} {
		keys = append(keys, "listing.privacy_"+p)
	}
	for i := 1; i <= 5; i++ {
		keys = append(keys, fmt.Sprintf("listing.version_step_%d", i), fmt.Sprintf("listing.version_step_label_%d", i))
	}
	for i := 1; i <= 3; i++ {
		keys = append(keys, fmt.Sprintf("listing.highlight_%d", i))
	}
	for _, m := range []string{"realtime", "batch", "training"} {
		keys = append(keys, "buyer.method_"+m)
	}
	for _, st := range []string{"pending", "approved", "rejected"} {
		keys = append(keys, "operations.state_"+st)
	}
	for _, st := range []string{"notstarted", "inprogress", "completed", "failed"} {
		keys = append(keys, "sagemaker.status_"+st)
	}
	for _, h := range []string{"not_found", "forbidden", "too_many", "internal", "bad_request"} {
		keys = append(keys, "error.heading_"+h)
	}
	for _, lang := range i18n.Languages() {
		ids, err := i18n.MessageIDs(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if !ids[k] {
				t.Errorf("%s lacks %s", lang, k)
			}
		}
	}
}

func TestTranslateFillsPlaceholders(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ lang, want string }{
		{"en", "Try again in 7 minutes."},
		{"fr", "Réessayez dans 7 minutes."},
		{"es", "dentro de 7 minutos."},
	}
	for _, tt := range tests {
		got := c.Translator(tt.lang).Translate("login.too_many_attempts", map[string]any{"Minutes": 7})
		if !strings.HasSuffix(got, tt.want) {
			t.Errorf("%s: %q", tt.lang, got)
		}
	}
	if got := c.Translator("de").Lang(); got != "en" {
		t.Errorf("unsupported language falls back to %q", got)
	}
	if got := c.Translator("en").Translate("no.such_key", nil); got != "no.such_key" {
		t.Errorf("missing key renders %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ remembered, header, want string }{
		{"", "", "en"},
		{"", "fr-FR,fr;q=0.9", "fr"},
		{"", "pt-BR,es;q=0.8", "es"},
		{"es", "fr", "es"},
		{"xx", "fr", "fr"},
		{"", "zz", "en"},
		{"", ";;;", "en"},
	}
	for _, tt := range tests {
		if got := c.Negotiate(tt.remembered, tt.header); got != tt.want {
			t.Errorf("Negotiate(%q, %q) = %q, want %q", tt.remembered, tt.header, got, tt.want)
		}
	}
}

func diff(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
