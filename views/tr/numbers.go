package tr

import (
	"context"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Number is n with the digit grouping of the context's language (CLDR):
// 100,000 in English, 100 000 in French, 100.000 in Spanish.
func Number(ctx context.Context, n int) string {
	return printerFor(Lang(ctx)).Sprintf("%d", n)
}

// printers keeps one printer per language, made once.
var printers sync.Map // language code -> *message.Printer

func printerFor(lang string) *message.Printer {
	if p, ok := printers.Load(lang); ok {
		return p.(*message.Printer)
	}
	p, _ := printers.LoadOrStore(lang, message.NewPrinter(language.Make(lang)))
	return p.(*message.Printer)
}
