package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing/fstest"
)

// CountLines returns the number of lines in every .txt file of fsys,
// keyed by the file's path.
func CountLines(fsys fs.FS) (map[string]int, error) {
	counts := map[string]int{}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".txt") {
			return nil
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return fmt.Errorf("count lines in %s: %w", path, err)
		}
		counts[path] = lineCount(data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// lineCount counts the lines in data; a last line without '\n' still counts.
func lineCount(data []byte) int {
	n := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n
}

func main() {
	fsys := fstest.MapFS{
		"poem.txt":           {Data: []byte("roses\nviolets\n")},
		"notes/todo.txt":     {Data: []byte("milk\neggs\nbread")},
		"notes/readme.md":    {Data: []byte("# not counted\n")},
		"archive/2024/a.txt": {Data: []byte("")},
	}
	counts, err := CountLines(fsys)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, path := range slices.Sorted(maps.Keys(counts)) {
		fmt.Printf("%-20s %d\n", path, counts[path])
	}
}
