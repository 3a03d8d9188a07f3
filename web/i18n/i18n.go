// Package i18n loads the portal's translation catalogs (English, French and
// Spanish, embedded TOML files read by go-i18n) and picks a reader's language.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var locales embed.FS

// Languages returns the supported language codes; the first is the default.
func Languages() []string { return []string{"en", "fr", "es"} }

const defaultLanguage = "en"

// Catalog holds every message in every supported language.
type Catalog struct {
	bundle  *goi18n.Bundle
	matcher language.Matcher
	byLang  map[string]*Translator
}

// Load parses the embedded catalogs.
func Load() (*Catalog, error) {
	bundle := goi18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	var tags []language.Tag
	for _, lang := range Languages() {
		files, err := catalogFiles(lang)
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			if _, err := bundle.LoadMessageFileFS(locales, file); err != nil {
				return nil, fmt.Errorf("load %s catalog %s: %w", lang, file, err)
			}
		}
		tags = append(tags, language.Make(lang))
	}
	c := &Catalog{bundle: bundle, matcher: language.NewMatcher(tags), byLang: map[string]*Translator{}}
	for _, lang := range Languages() {
		simple, err := simpleMessages(lang)
		if err != nil {
			return nil, err
		}
		c.byLang[lang] = &Translator{lang: lang, loc: goi18n.NewLocalizer(bundle, lang), simple: simple}
	}
	return c, nil
}

// placeholder is a message's only kind of template action the fast path
// fills in itself: {{.Name}}.
var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// segment is a piece of a simple message: literal text, or the name of a
// value to put there.
type segment struct {
	text string
	name string
}

// simpleMessages compiles one language's messages whose only template
// actions are placeholders into segments, so that rendering them with data
// is a concatenation instead of a template execution: the catalog page
// renders twenty-odd of them per visit. Messages with any other action
// are left to the localizer. Plural forms are never chosen (no plural count
// is passed), so the "other" text is the one rendered.
func simpleMessages(lang string) (map[string][]segment, error) {
	out := map[string][]segment{}
	err := eachMessage(lang, func(_ string, m *goi18n.Message) error {
		if segs, ok := compileSimple(m.Other); ok {
			out[m.ID] = segs
		}
		return nil
	})
	return out, err
}

// eachMessage hands each message of one language's catalog files to fn,
// with the file it is in.
func eachMessage(lang string, fn func(file string, m *goi18n.Message) error) error {
	files, err := catalogFiles(lang)
	if err != nil {
		return err
	}
	for _, name := range files {
		raw, err := fs.ReadFile(locales, name)
		if err != nil {
			return err
		}
		file, err := goi18n.ParseMessageFileBytes(raw, name, map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
		if err != nil {
			return err
		}
		for _, m := range file.Messages {
			if err := fn(name, m); err != nil {
				return err
			}
		}
	}
	return nil
}

func compileSimple(text string) ([]segment, bool) {
	if strings.Contains(placeholder.ReplaceAllString(text, ""), "{{") {
		return nil, false
	}
	var segs []segment
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(text, -1) {
		if m[0] > last {
			segs = append(segs, segment{text: text[last:m[0]]})
		}
		segs = append(segs, segment{name: text[m[2]:m[3]]})
		last = m[1]
	}
	if last < len(text) {
		segs = append(segs, segment{text: text[last:]})
	}
	return segs, true
}

// fill renders compiled segments with data as text/template would.
func fill(segs []segment, data map[string]any) string {
	var b strings.Builder
	for _, s := range segs {
		if s.name == "" {
			b.WriteString(s.text)
			continue
		}
		switch v := data[s.name].(type) {
		case string:
			b.WriteString(v)
		case int:
			b.WriteString(strconv.Itoa(v))
		case nil:
			b.WriteString("<no value>")
		default:
			fmt.Fprint(&b, v)
		}
	}
	return b.String()
}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool {
	return slices.Contains(Languages(), lang)
}

// Negotiate returns the language to use: the remembered choice when it is
// supported, else the best match for the Accept-Language header, else English.
func (c *Catalog) Negotiate(remembered, acceptLanguage string) string {
	if Supported(remembered) {
		return remembered
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return defaultLanguage
	}
	_, index, confidence := c.matcher.Match(tags...)
	if confidence == language.No {
		return defaultLanguage
	}
	return Languages()[index]
}

// Translator returns the translator of a supported language (English for any other).
func (c *Catalog) Translator(lang string) *Translator {
	if t, ok := c.byLang[lang]; ok {
		return t
	}
	return c.byLang[defaultLanguage]
}

// Translator renders messages in one language. It implements views/tr.Translator.
type Translator struct {
	lang string
	loc  *goi18n.Localizer
	// plain keeps the messages rendered without data: a page shows dozens
	// of them, each the same every time, and rendering one through the
	// localizer costs a template execution.
	plain sync.Map // message ID → string
	// simple are the messages with placeholders only, compiled.
	simple map[string][]segment
}

// Lang returns the language code.
func (t *Translator) Lang() string { return t.lang }

// Translate renders id with data. A missing message renders as its ID, which
// the catalog test prevents from ever reaching a user.
func (t *Translator) Translate(id string, data map[string]any) string {
	if data == nil {
		if s, ok := t.plain.Load(id); ok {
			return s.(string)
		}
	} else if segs, ok := t.simple[id]; ok {
		return fill(segs, data)
	}
	s, err := t.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return id
	}
	if data == nil {
		t.plain.Store(id, s)
	}
	return s
}

// catalogFiles lists one language's catalog: locales/<lang>.toml plus any
// locales/<area>.<lang>.toml, so that a feature's messages can live in a
// file of their own.
func catalogFiles(lang string) ([]string, error) {
	extra, err := fs.Glob(locales, path.Join("locales", "*."+lang+".toml"))
	if err != nil {
		return nil, err
	}
	return append([]string{path.Join("locales", lang+".toml")}, extra...), nil
}

// MessageIDs returns the IDs defined in one language's catalog files. An ID
// defined twice is an error, since the later file would silently win.
func MessageIDs(lang string) (map[string]bool, error) {
	ids := map[string]bool{}
	err := eachMessage(lang, func(file string, m *goi18n.Message) error {
		if ids[m.ID] {
			return fmt.Errorf("%s: message %q is defined twice", file, m.ID)
		}
		ids[m.ID] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}
