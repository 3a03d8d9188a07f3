// Package i18n loads the portal's translation catalogs (English, French and
// Spanish, embedded TOML files read by go-i18n) and picks a reader's language.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"

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
		c.byLang[lang] = &Translator{lang: lang, loc: goi18n.NewLocalizer(bundle, lang)}
	}
	return c, nil
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
}

// Lang returns the language code.
func (t *Translator) Lang() string { return t.lang }

// Translate renders id with data. A missing message renders as its ID, which
// the catalog test prevents from ever reaching a user.
func (t *Translator) Translate(id string, data map[string]any) string {
	s, err := t.loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return id
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
	files, err := catalogFiles(lang)
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, name := range files {
		raw, err := fs.ReadFile(locales, name)
		if err != nil {
			return nil, err
		}
		file, err := goi18n.ParseMessageFileBytes(raw, name, map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
		if err != nil {
			return nil, err
		}
		for _, m := range file.Messages {
			if ids[m.ID] {
				return nil, fmt.Errorf("%s: message %q is defined twice", name, m.ID)
			}
			ids[m.ID] = true
		}
	}
	return ids, nil
}
