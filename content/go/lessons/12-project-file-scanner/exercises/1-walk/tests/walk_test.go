package scanner

import (
	"errors"
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

func file(text string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(text)}
}

func TestListFilesFindsNestedFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"README.md":         file("# demo\n"),
		"cmd/tool/main.go":  file("package main\n"),
		"internal/db/db.go": file("package db\n"),
	}
	got, err := ListFiles(fsys, ".")
	want := []string{"README.md", "cmd/tool/main.go", "internal/db/db.go"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("ListFiles(fsys, \".\") = %q, %v\nwant %q, <nil>", got, err, want)
	}
	if len(got) == 0 && err == nil {
		t.Errorf("got no paths at all: if you skip names that start with a dot, remember that the root \".\" is named \".\" too")
	}
}

func TestListFilesLeavesOutDirectories(t *testing.T) {
	fsys := fstest.MapFS{
		"notes.txt":   file("hello\n"),
		"empty":       &fstest.MapFile{Mode: fs.ModeDir | 0o755},
		"docs/a.txt":  file("a\n"),
		"docs/more/b": file("b\n"),
	}
	got, err := ListFiles(fsys, ".")
	want := []string{"docs/a.txt", "docs/more/b", "notes.txt"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("ListFiles(fsys, \".\") = %q, %v\nwant %q, <nil> (files only: no \"empty\", \"docs\" or \"docs/more\")", got, err, want)
	}
}

func TestListFilesSkipsHiddenFilesAndDirectories(t *testing.T) {
	fsys := fstest.MapFS{
		".env":              file("SECRET=1\n"),
		".git/config":       file("[core]\n"),
		".git/objects/ab/c": file("blob\n"),
		"src/.cache/x.go":   file("package x\n"),
		"src/main.go":       file("package main\n"),
		"src/zeta.go":       file("package main\n"),
	}
	got, err := ListFiles(fsys, ".")
	want := []string{"src/main.go", "src/zeta.go"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("ListFiles(fsys, \".\") = %q, %v\nwant %q, <nil> (no .env, nothing under .git or src/.cache)", got, err, want)
	}
}

func TestListFilesKeepsSiblingsOfAHiddenFile(t *testing.T) {
	// Returning fs.SkipDir for a file skips the rest of its directory.
	fsys := fstest.MapFS{
		"app/.keep":   file(""),
		"app/main.go": file("package main\n"),
		"app/util.go": file("package main\n"),
	}
	got, err := ListFiles(fsys, ".")
	want := []string{"app/main.go", "app/util.go"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("ListFiles(fsys, \".\") = %q, %v\nwant %q, <nil> (skipping the hidden file app/.keep must not skip the files after it: return nil for a file, fs.SkipDir only for a directory)", got, err, want)
	}
}

func TestListFilesStartsAtRoot(t *testing.T) {
	fsys := fstest.MapFS{
		"go.mod":          file("module demo\n"),
		"src/a.go":        file("package a\n"),
		"src/b/b.go":      file("package b\n"),
		"srcgen/extra.go": file("package gen\n"),
	}
	got, err := ListFiles(fsys, "src")
	want := []string{"src/a.go", "src/b/b.go"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("ListFiles(fsys, \"src\") = %q, %v\nwant %q, <nil> (paths are full paths inside fsys, and only under src)", got, err, want)
	}
}

func TestListFilesSortsByFullPath(t *testing.T) {
	// fs.WalkDir visits "a" (and a/b.txt) before "a.txt", but as strings
	// "a.txt" < "a/b.txt" because '.' comes before '/'.
	fsys := fstest.MapFS{
		"a/b.txt": file("b\n"),
		"a.txt":   file("a\n"),
		"a-z.txt": file("az\n"),
	}
	got, err := ListFiles(fsys, ".")
	want := []string{"a-z.txt", "a.txt", "a/b.txt"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("ListFiles(fsys, \".\") = %q, %v\nwant %q, <nil> (sorted as strings, which is not the order fs.WalkDir visits them in)", got, err, want)
	}
}

func TestListFilesReportsAMissingRoot(t *testing.T) {
	fsys := fstest.MapFS{"a.txt": file("a\n")}
	got, err := ListFiles(fsys, "nope")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ListFiles(fsys, \"nope\") error = %v, want an error matching fs.ErrNotExist (return the err that fs.WalkDir hands your function)", err)
	}
	if len(got) != 0 {
		t.Errorf("ListFiles(fsys, \"nope\") paths = %q, want none", got)
	}
}

func TestListFilesOfAnEmptyTree(t *testing.T) {
	got, err := ListFiles(fstest.MapFS{}, ".")
	if err != nil || len(got) != 0 {
		t.Errorf("ListFiles(empty fsys, \".\") = %q, %v, want no paths and a nil error", got, err)
	}
}
