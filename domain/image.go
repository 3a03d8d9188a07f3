package domain

import (
	"bytes"
	"image"
	_ "image/jpeg" // registers the JPEG decoder for CheckImage
	_ "image/png"  // registers the PNG decoder for CheckImage
	"net/http"
)

// Limits on uploaded images.
const (
	MaxImageBytes     = 1 << 20
	MaxImageDimension = 4096
)

// CheckImage accepts a PNG or JPEG file judged by its content, never by its
// name or declared type, so an HTML page or an SVG with script renamed
// logo.png is refused. It returns the MIME type to serve it with.
func CheckImage(data []byte) (string, Message) {
	if len(data) == 0 {
		return "", MsgFieldRequired
	}
	if len(data) > MaxImageBytes {
		return "", MsgImageTooLarge
	}
	mime := http.DetectContentType(data)
	if mime != "image/png" && mime != "image/jpeg" {
		return "", MsgImageType
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		return "", MsgImageType
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxImageDimension || cfg.Height > MaxImageDimension {
		return "", MsgImageDimensions
	}
	return mime, ""
}
