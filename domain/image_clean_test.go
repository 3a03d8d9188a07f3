package domain

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"testing"
)

// withJPEGComment inserts a COM segment holding text right after the JPEG's
// SOI marker, where EXIF and comments live.
func withJPEGComment(data []byte, text string) []byte {
	seg := []byte{0xff, 0xfe, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(text)+2))
	out := append([]byte{}, data[:2]...)
	out = append(out, seg...)
	out = append(out, text...)
	return append(out, data[2:]...)
}

// withPNGText inserts a tEXt chunk holding text right after the IHDR chunk.
func withPNGText(data []byte, text string) []byte {
	const ihdrEnd = 8 + 4 + 4 + 13 + 4
	body := append([]byte("tEXt"), append([]byte("Comment\x00"), text...)...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(body)-4))
	chunk = append(chunk, body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(body))
	out := append([]byte{}, data[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, data[ihdrEnd:]...)
}

// pngClaiming returns a 1x1 PNG whose header claims w x h pixels.
func pngClaiming(t *testing.T, w, h uint32) []byte {
	data := append([]byte{}, encodePNG(t, 1, 1)...)
	binary.BigEndian.PutUint32(data[16:], w)
	binary.BigEndian.PutUint32(data[20:], h)
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

func TestCleanImageKeepsOnlyThePixels(t *testing.T) {
	smallPNG, smallJPEG := encodePNG(t, 3, 2), encodeJPEG(t, 3, 2)
	const script = "<script>alert(document.cookie)</script>"
	tests := []struct {
		name     string
		data     []byte
		wantMIME string
	}{
		{"PNG", smallPNG, "image/png"},
		{"PNG with HTML after its end", append(append([]byte{}, smallPNG...), "<html><body>"+script...), "image/png"},
		{"PNG with a text chunk", withPNGText(smallPNG, script), "image/png"},
		{"JPEG", smallJPEG, "image/jpeg"},
		{"JPEG with HTML after its end", append(append([]byte{}, smallJPEG...), script...), "image/jpeg"},
		{"JPEG with a comment", withJPEGComment(smallJPEG, script), "image/jpeg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clean, mime, msg := CleanImage(tt.data)
			if msg != "" || mime != tt.wantMIME {
				t.Fatalf("CleanImage() = %q, %q; want %q", mime, msg, tt.wantMIME)
			}
			if bytes.Contains(clean, []byte("<script>")) || bytes.Contains(clean, []byte("<html>")) {
				t.Errorf("the cleaned image still holds the markup")
			}
			if got, _ := CheckImage(clean); got != tt.wantMIME {
				t.Errorf("the cleaned image is %q", got)
			}
			decode := png.Decode
			if mime == "image/jpeg" {
				decode = jpeg.Decode
			}
			img, err := decode(bytes.NewReader(clean))
			if err != nil {
				t.Fatalf("the cleaned image does not decode as %s: %v", mime, err)
			}
			if img.Bounds() != image.Rect(0, 0, 3, 2) {
				t.Errorf("cleaned image is %v, want 3x2", img.Bounds())
			}
		})
	}
}

func TestCleanImageRefuses(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want Message
	}{
		{"nothing", nil, MsgFieldRequired},
		{"HTML", []byte("<html><script>alert(1)</script></html>"), MsgImageType},
		{"GIF", encodeGIF(t, 3, 2), MsgImageType},
		{"PNG 4097 wide", encodePNG(t, MaxImageDimension+1, 1), MsgImageDimensions},
		{"PNG claiming 60000 x 60000 pixels", pngClaiming(t, 60000, 60000), MsgImageDimensions},
		{"PNG claiming 4096 x 4096 pixels it lacks", pngClaiming(t, MaxImageDimension, MaxImageDimension), MsgImageType},
		{"over 1 MiB", padded(encodePNG(t, 3, 2), MaxImageBytes+1), MsgImageTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clean, mime, msg := CleanImage(tt.data)
			if msg != tt.want || clean != nil || mime != "" {
				t.Errorf("CleanImage() = %d bytes, %q, %q; want nothing and %q", len(clean), mime, msg, tt.want)
			}
		})
	}
}
