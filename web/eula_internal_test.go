package web

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/mlportal/portal/domain"
)

// TestReadEULA reads uploads that come in pieces, as a file or a network
// stream may: none is cut short, and one over the limit is refused even when
// its declared size was wrong.
func TestReadEULA(t *testing.T) {
	text := strings.Repeat("You may use the model.\n", domain.MaxEULABytes/23)
	tests := []struct {
		name    string
		data    string
		want    string
		wantMsg domain.Message
	}{
		{name: "whole", data: text, want: text},
		{name: "at the limit", data: strings.Repeat("a", domain.MaxEULABytes), want: strings.Repeat("a", domain.MaxEULABytes)},
		{name: "over the limit", data: strings.Repeat("a", domain.MaxEULABytes+1), wantMsg: domain.MsgEULATooLarge},
		{name: "far over the limit", data: strings.Repeat("a", 4*domain.MaxEULABytes), wantMsg: domain.MsgEULATooLarge},
		{name: "binary", data: "EULA\x00\x01", wantMsg: domain.MsgEULANotText},
	}
	readers := map[string]func(string) io.Reader{
		"one byte at a time": func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) },
		"half at a time":     func(s string) io.Reader { return iotest.HalfReader(strings.NewReader(s)) },
		"in one piece":       func(s string) io.Reader { return bytes.NewReader([]byte(s)) },
	}
	for _, tt := range tests {
		for how, reader := range readers {
			t.Run(tt.name+" "+how, func(t *testing.T) {
				got, msg := readEULA(reader(tt.data))
				if got != tt.want || msg != tt.wantMsg {
					t.Errorf("readEULA() = %d bytes, %q; want %d bytes, %q", len(got), msg, len(tt.want), tt.wantMsg)
				}
			})
		}
	}
	if _, msg := readEULA(iotest.ErrReader(iotest.ErrTimeout)); msg != domain.MsgEULANotText {
		t.Errorf("readEULA(failing reader) message %q, want %q", msg, domain.MsgEULANotText)
	}
}
