package domain

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
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

// jpegQuality keeps re-encoded JPEG logos close to the upload.
const jpegQuality = 90

// CleanImage checks data like CheckImage, then decodes it and encodes the
// pixels again in the same format (PNG stays PNG, JPEG stays JPEG). What is
// kept and served back is then only an image: bytes after the image's end
// (an HTML page that a browser sniffing the file might run), text chunks,
// comments and metadata such as EXIF camera and location are all dropped.
// The dimensions are checked from the header before any pixel is decoded,
// so a small file claiming a huge image is refused without decoding it.
func CleanImage(data []byte) ([]byte, string, Message) {
	mime, msg := CheckImage(data)
	if msg != "" {
		return nil, "", msg
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", MsgImageType
	}
	var out bytes.Buffer
	if mime == "image/png" {
		err = png.Encode(&out, img)
	} else {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: jpegQuality})
	}
	if err != nil {
		return nil, "", MsgImageType
	}
	return out.Bytes(), mime, ""
}
