// Package frontend embeds the built browser app (frontend/dist) into the binary.
package frontend

import (
	"embed"
	"io/fs"
)

// dist holds the Vite build output. A placeholder keeps the directory present
// in a fresh clone so the Go code compiles before the first frontend build.
//
//go:embed all:dist
var dist embed.FS

// Dist returns the built app rooted at its index.html.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub only fails on an invalid path literal, which "dist" is not.
		panic(err)
	}
	return sub
}
