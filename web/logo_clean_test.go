package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const trailingScript = "<html><body><script>alert(document.cookie)</script></body></html>"

// withTrailingHTML returns the image with an HTML page after its end, which
// image decoders ignore.
func withTrailingHTML(img []byte) []byte {
	return append(append([]byte{}, img...), trailingScript...)
}

func logoJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 12))
	for x := range 16 {
		for y := range 12 {
			img.Set(x, y, color.RGBA{R: uint8(x * 16), G: 64, B: uint8(y * 20), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// expectCleanLogo checks that the logo at path is served as an image of
// type mime that decodes to the uploaded size, without the trailing page.
func expectCleanLogo(t *testing.T, c *client, path, mime string) {
	t.Helper()
	served := c.get(path)
	expectStatus(t, served, http.StatusOK)
	if ct := served.Header.Get("Content-Type"); ct != mime {
		t.Errorf("%s served as %q, want %q", path, ct, mime)
	}
	if strings.Contains(served.body, "<script>") || strings.Contains(served.body, "<html>") {
		t.Errorf("%s is served with the HTML that followed the image", path)
	}
	cfg, _, err := image.DecodeConfig(strings.NewReader(served.body))
	if err != nil || cfg.Width != 16 || cfg.Height != 12 {
		t.Errorf("%s: served image %dx%d, %v; want 16x12", path, cfg.Width, cfg.Height, err)
	}
}

func TestProfileLogoIsReencoded(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")
	for _, tt := range []struct {
		name, mime string
		data       []byte
	}{
		{"PNG", "image/png", logoPNG(t)},
		{"JPEG", "image/jpeg", logoJPEG(t)},
	} {
		r := root.postMultipartParts("/settings/profile", "/settings/profile", validProfile(),
			filePart{"logo", "logo.png", tt.mime, withTrailingHTML(tt.data)})
		expectRedirect(t, r, "/settings")
		expectCleanLogo(t, root, "/settings/profile/logo", tt.mime)
	}
}

func TestProfileLogoOverThePixelLimitIsRefused(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")
	r := root.postMultipartParts("/settings/profile", "/settings/profile", validProfile(),
		filePart{"logo", "logo.png", "image/png", widePNG(t)})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-logo]"); !strings.Contains(got, "4096 × 4096 pixels") {
		t.Errorf("logo error %q", got)
	}
	expectStatus(t, root.get("/settings/profile/logo"), http.StatusNotFound)
}

func TestListingLogoIsReencoded(t *testing.T) {
	f := newEditorFixture(t)
	path := f.section("promotional")
	r := postSectionFiles(t, f.root, path, url.Values{"keywords": {"sentiment"}, "then": {"close"}},
		filePart{"logo", "logo.png", "image/png", withTrailingHTML(logoPNG(t))})
	expectRedirect(t, r, f.base)
	expectCleanLogo(t, f.root, f.base+"/logo", "image/png")

	r = postSectionFiles(t, f.root, path, url.Values{"keywords": {"sentiment"}, "then": {"close"}},
		filePart{"logo", "logo.png", "image/png", widePNG(t)})
	expectOnlyFieldErrors(t, r, map[string]string{"logo": "The image must be at most 4096 × 4096 pixels."})
	expectCleanLogo(t, f.root, f.base+"/logo", "image/png")
}

// widePNG is a PNG one pixel wider than the portal accepts.
func widePNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4097, 1))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
