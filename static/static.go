// Package static embeds the portal's stylesheets, scripts, fonts and images.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"sync"
	"time"
)

//go:embed css js img fonts
var files embed.FS

// FS returns the embedded files, rooted so that css/portal.css is served as
// /static/css/portal.css. Embedded files carry no modification time, so
// browsers could not revalidate them and fetched every file on every page;
// this FS dates them at the moment it is made (the server's start), which
// gives them a Last-Modified header and 304 answers until the next deploy.
func FS() fs.FS { return datedFS{FS: files, at: time.Now().UTC().Truncate(time.Second)} }

// Path returns the address of an embedded file with a fingerprint of its
// content, so that a changed file gets a new address and no browser keeps an
// old copy: Path("css/portal.css") is "/static/css/portal.css?v=…".
func Path(name string) string {
	if v, ok := fingerprints()[name]; ok {
		return "/static/" + name + "?v=" + v
	}
	return "/static/" + name
}

// fingerprints hashes every embedded file once, on first use: pages ask for
// them on every request.
var fingerprints = sync.OnceValue(func() map[string]string {
	sums := map[string]string{}
	_ = fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		sums[name] = hex.EncodeToString(sum[:6])
		return nil
	})
	return sums
})

// datedFS gives every file of an embedded FS one modification time.
type datedFS struct {
	fs.FS
	at time.Time
}

func (d datedFS) Open(name string) (fs.File, error) {
	f, err := d.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return datedFile{File: f, at: d.at}, nil
}

type datedFile struct {
	fs.File
	at time.Time
}

func (f datedFile) Stat() (fs.FileInfo, error) {
	info, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return datedInfo{FileInfo: info, at: f.at}, nil
}

// ReadDir keeps directory listings working for callers that list.
func (f datedFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if dir, ok := f.File.(fs.ReadDirFile); ok {
		return dir.ReadDir(n)
	}
	return nil, fs.ErrInvalid
}

// Seek and Read at offsets are what http.FileServer needs for ranges and
// content sniffing; embedded files implement both.
func (f datedFile) Seek(offset int64, whence int) (int64, error) {
	if s, ok := f.File.(interface {
		Seek(int64, int) (int64, error)
	}); ok {
		return s.Seek(offset, whence)
	}
	return 0, fs.ErrInvalid
}

func (f datedFile) ReadAt(p []byte, off int64) (int, error) {
	if r, ok := f.File.(interface {
		ReadAt([]byte, int64) (int, error)
	}); ok {
		return r.ReadAt(p, off)
	}
	return 0, fs.ErrInvalid
}

type datedInfo struct {
	fs.FileInfo
	at time.Time
}

func (i datedInfo) ModTime() time.Time { return i.at }
