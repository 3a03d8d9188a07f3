// Package static embeds the portal's stylesheets, scripts and images.
package static

import (
	"embed"
	"io/fs"
)

//go:embed css js img
var files embed.FS

// FS returns the embedded files, rooted so that css/portal.css is served as
// /static/css/portal.css.
func FS() fs.FS { return files }
