// Package scanner searches the files of a directory tree for lines that
// match a pattern.
package scanner

import (
	"io/fs"
	"slices"
	"strings"
)

// ListFiles walks the tree under root in fsys and returns the paths of the
// files in it, sorted by path. Hidden files and directories (names that
// start with a dot) are left out, and so is everything inside a hidden
// directory.
func ListFiles(fsys fs.FS, root string) ([]string, error) {
	var paths []string
	err := fs.WalkDir(fsys, root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err // root missing, or a directory that cannot be read
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir // skip the directory and everything in it
			}
			return nil // skip just this file
		}
		if !d.IsDir() {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	return paths, nil
}
