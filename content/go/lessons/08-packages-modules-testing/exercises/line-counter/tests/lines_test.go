package main

import (
	"errors"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// checkCounts runs CountLines on fsys and compares the whole result with want.
func checkCounts(t *testing.T, fsys fstest.MapFS, want map[string]int) {
	t.Helper()
	got, err := CountLines(fsys)
	if err != nil {
		t.Fatalf("CountLines(%v) returned error %v, want nil", fileList(fsys), err)
	}
	if !maps.Equal(got, want) {
		t.Errorf("CountLines(%v) = %v, want %v", fileList(fsys), got, want)
	}
}

// fileList describes a MapFS by its sorted paths, for failure messages.
func fileList(fsys fstest.MapFS) string {
	if len(fsys) == 0 {
		return "an empty file system"
	}
	return "files " + strings.Join(slices.Sorted(maps.Keys(fsys)), ", ")
}

func TestCountLinesCountsEachTxtFile(t *testing.T) {
	checkCounts(t, fstest.MapFS{
		"a.txt": {Data: []byte("one\ntwo\nthree\n")},
		"b.txt": {Data: []byte("solo\n")},
	}, map[string]int{"a.txt": 3, "b.txt": 1})
}

func TestCountLinesLooksInSubdirectories(t *testing.T) {
	checkCounts(t, fstest.MapFS{
		"top.txt":          {Data: []byte("x\n")},
		"notes/a.txt":      {Data: []byte("1\n2\n")},
		"notes/deep/b.txt": {Data: []byte("1\n2\n3\n")},
	}, map[string]int{"top.txt": 1, "notes/a.txt": 2, "notes/deep/b.txt": 3})
}

func TestCountLinesSkipsOtherFiles(t *testing.T) {
	checkCounts(t, fstest.MapFS{
		"keep.txt":          {Data: []byte("kept\n")},
		"readme.md":         {Data: []byte("not\ncounted\n")},
		"backup.txt.bak":    {Data: []byte("not counted\n")},
		"txt":               {Data: []byte("not counted\n")},
		"old.txt/inner.txt": {Data: []byte("a\nb\n")}, // old.txt is a directory
	}, map[string]int{"keep.txt": 1, "old.txt/inner.txt": 2})
}

func TestCountLinesCountsALastLineWithoutNewline(t *testing.T) {
	cases := []struct {
		name    string
		content string
		want    int
	}{
		{"empty file", "", 0},
		{"one empty line", "\n", 1},
		{"one line, no newline", "hello", 1},
		{"two lines, no final newline", "a\nb", 2},
		{"two lines", "a\nb\n", 2},
		{"blank lines count", "\n\n\n", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"f.txt": {Data: []byte(c.content)}}
			got, err := CountLines(fsys)
			if err != nil {
				t.Fatalf("CountLines with f.txt = %q returned error %v", c.content, err)
			}
			if got["f.txt"] != c.want {
				t.Errorf("CountLines with f.txt = %q: got %d lines, want %d", c.content, got["f.txt"], c.want)
			}
		})
	}
}

func TestCountLinesOfNoFilesIsEmpty(t *testing.T) {
	got, err := CountLines(fstest.MapFS{})
	if err != nil || len(got) != 0 {
		t.Errorf("CountLines(an empty file system) = %v, %v; want an empty map and nil", got, err)
	}
}

// failingFS is a MapFS in which one file cannot be read.
type failingFS struct {
	fstest.MapFS
	bad string
}

func (f failingFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

func (f failingFS) ReadFile(name string) ([]byte, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadFile(name)
}

func TestCountLinesReportsReadErrors(t *testing.T) {
	fsys := failingFS{
		MapFS: fstest.MapFS{
			"docs/public.txt": {Data: []byte("fine\n")},
			"docs/secret.txt": {Data: []byte("hidden\n")},
		},
		bad: "docs/secret.txt",
	}
	got, err := CountLines(fsys)
	if err == nil {
		t.Fatalf("CountLines with an unreadable docs/secret.txt = %v, nil; want an error", got)
	}
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("CountLines with an unreadable file: errors.Is(err, fs.ErrPermission) = false for %q; wrap the error with %%w", err)
	}
	if !strings.Contains(err.Error(), "docs/secret.txt") {
		t.Errorf("CountLines with an unreadable file: error %q does not name docs/secret.txt", err)
	}
	if got != nil {
		t.Errorf("CountLines with an unreadable file returned map %v along with its error, want nil", got)
	}
}
