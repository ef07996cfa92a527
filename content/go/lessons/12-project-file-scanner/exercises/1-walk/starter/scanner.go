// Package scanner searches the files of a directory tree for lines that
// match a pattern.
package scanner

import "io/fs"

// ListFiles walks the tree under root in fsys and returns the paths of the
// files in it, sorted by path. Hidden files and directories (names that
// start with a dot) are left out, and so is everything inside a hidden
// directory.
func ListFiles(fsys fs.FS, root string) ([]string, error) {
	// Your code here: call fs.WalkDir(fsys, root, ...) and collect the paths.
	return nil, nil
}
