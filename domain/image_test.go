package domain

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

func testImage(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{R: uint8(x), G: uint8(y), B: 200, A: 255})
		}
	}
	return img
}

func encodePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(w, h), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeGIF(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, testImage(w, h), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// padded returns data followed by zero bytes up to n bytes in all.
func padded(data []byte, n int) []byte {
	out := make([]byte, n)
	copy(out, data)
	return out
}

func TestCheckImage(t *testing.T) {
	smallPNG := encodePNG(t, 3, 2)
	smallJPEG := encodeJPEG(t, 3, 2)
	tests := []struct {
		name     string
		data     []byte
		wantMIME string
		wantMsg  Message
	}{
		{"PNG", smallPNG, "image/png", ""},
		{"JPEG", smallJPEG, "image/jpeg", ""},
		{"1x1 PNG", encodePNG(t, 1, 1), "image/png", ""},
		{"PNG 4096 wide", encodePNG(t, MaxImageDimension, 1), "image/png", ""},
		{"PNG 4096 high", encodePNG(t, 1, MaxImageDimension), "image/png", ""},
		{"PNG 5000 wide", encodePNG(t, 5000, 1), "", MsgImageDimensions},
		{"PNG 4097 high", encodePNG(t, 1, MaxImageDimension+1), "", MsgImageDimensions},
		{"JPEG 5000 wide", encodeJPEG(t, 5000, 1), "", MsgImageDimensions},
		{"nil", nil, "", MsgFieldRequired},
		{"empty", []byte{}, "", MsgFieldRequired},
		{"PNG padded to exactly 1 MiB", padded(smallPNG, MaxImageBytes), "image/png", ""},
		{"PNG padded to 1 MiB and a byte", padded(smallPNG, MaxImageBytes+1), "", MsgImageTooLarge},
		{"zeros over 1 MiB", make([]byte, MaxImageBytes+1), "", MsgImageTooLarge},
		{
			"HTML page",
			[]byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"),
			"", MsgImageType,
		},
		{
			"SVG with script",
			[]byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>`),
			"", MsgImageType,
		},
		{"SVG without prolog", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "", MsgImageType},
		{"GIF", encodeGIF(t, 3, 2), "", MsgImageType},
		{"HTML before a PNG", append([]byte("<html><script>alert(1)</script>"), smallPNG...), "", MsgImageType},
		{"PNG signature then garbage", append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte("garbage!"), 64)...), "", MsgImageType},
		{"PNG signature only", []byte("\x89PNG\r\n\x1a\n"), "", MsgImageType},
		{"truncated PNG header", smallPNG[:20], "", MsgImageType},
		{"JPEG marker then garbage", append([]byte("\xff\xd8\xff\xe0"), bytes.Repeat([]byte{0x42}, 100)...), "", MsgImageType},
		{"BMP", append([]byte("BM"), make([]byte, 60)...), "", MsgImageType},
		{"WebP", append([]byte("RIFF\x24\x00\x00\x00WEBPVP8 "), make([]byte, 40)...), "", MsgImageType},
		{"PDF", []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"), "", MsgImageType},
		{"plain text", []byte("just a logo, honest"), "", MsgImageType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mime, msg := CheckImage(tt.data)
			if mime != tt.wantMIME || msg != tt.wantMsg {
				t.Errorf("CheckImage() = %q, %q; want %q, %q", mime, msg, tt.wantMIME, tt.wantMsg)
			}
		})
	}
}

func TestCheckImageJudgesByContent(t *testing.T) {
	// The MIME type comes from the bytes: a JPEG is a JPEG whatever name or
	// type it was uploaded with, and the input is not modified.
	data := encodeJPEG(t, 8, 8)
	before := bytes.Clone(data)
	if mime, msg := CheckImage(data); mime != "image/jpeg" || msg != "" {
		t.Errorf("CheckImage(JPEG) = %q, %q; want image/jpeg", mime, msg)
	}
	if !bytes.Equal(data, before) {
		t.Error("CheckImage() modified its input")
	}
}
