package scanner

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

func file(text string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(text)}
}

// hookFS serves files from a MapFS and calls hook(name) each time a file
// (not a directory) is opened, before handing it out. It has only an Open
// method, so every read goes through it.
type hookFS struct {
	files fstest.MapFS
	hook  func(name string)
}

func (h hookFS) Open(name string) (fs.File, error) {
	f, err := h.files.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && !st.IsDir() && h.hook != nil {
		h.hook(name)
	}
	return f, nil
}

type scanReturn struct {
	res []FileResult
	err error
}

// scanWithin calls Scan and fails the test if it has not returned after two
// seconds, instead of letting a stuck goroutine hang the whole run.
func scanWithin(t *testing.T, fsys fs.FS, root string, m Matcher, workers int) ([]FileResult, error) {
	t.Helper()
	done := make(chan scanReturn, 1)
	go func() {
		res, err := Scan(fsys, root, m, workers)
		done <- scanReturn{res, err}
	}()
	select {
	case r := <-done:
		return r.res, r.err
	case <-time.After(2 * time.Second):
		t.Fatalf("Scan(fsys, %q, m, %d) did not return within 2s: is something waiting on a channel that is never closed?", root, workers)
		return nil, nil
	}
}

func paths(res []FileResult) []string {
	var ps []string
	for _, r := range res {
		ps = append(ps, r.Path)
	}
	return ps
}

func describe(res []FileResult) string {
	var b strings.Builder
	for _, r := range res {
		fmt.Fprintf(&b, "\n  %s (%d):", r.Path, r.Count)
		for _, m := range r.Matches {
			fmt.Fprintf(&b, " %d:%q", m.Line, m.Text)
		}
	}
	if b.Len() == 0 {
		return " (none)"
	}
	return b.String()
}

func sameResults(a, b []FileResult) bool {
	return slices.EqualFunc(a, b, func(x, y FileResult) bool {
		return x.Path == y.Path && x.Count == y.Count && slices.Equal(x.Matches, y.Matches)
	})
}

func project() fstest.MapFS {
	return fstest.MapFS{
		".git/HEAD":       file("TODO: not a real repo\n"),
		"README.md":       file("# demo\nTODO: write docs\n"),
		"cmd/app/main.go": file("package main\n\nfunc main() {\n\t// TODO: flags\n\trun() // TODO: errors\n}\n"),
		"internal/db.go":  file("package internal\n\nfunc Open() {}\n"),
		"web/page.html":   file("<p>todo</p>\n<!-- TODO: style -->\n"),
	}
}

func TestScanFindsMatchesAcrossTheTree(t *testing.T) {
	got, err := scanWithin(t, project(), ".", Contains("TODO"), 4)
	want := []FileResult{
		{Path: "README.md", Count: 1, Matches: []Match{{2, "TODO: write docs"}}},
		{Path: "cmd/app/main.go", Count: 2, Matches: []Match{{4, "\t// TODO: flags"}, {5, "\trun() // TODO: errors"}}},
		{Path: "web/page.html", Count: 1, Matches: []Match{{2, "<!-- TODO: style -->"}}},
	}
	if err != nil || !sameResults(got, want) {
		t.Errorf("Scan(project, \".\", Contains(\"TODO\"), 4) =%s\nerror %v\nwant%s\nerror <nil> (only files with matches, sorted by path, nothing from .git)", describe(got), err, describe(want))
	}
}

func TestScanWithARegexp(t *testing.T) {
	m, err := Regexp(`^func \w+\(`)
	if err != nil {
		t.Fatalf("Regexp error = %v", err)
	}
	got, err := scanWithin(t, project(), ".", m, 2)
	want := []FileResult{
		{Path: "cmd/app/main.go", Count: 1, Matches: []Match{{3, "func main() {"}}},
		{Path: "internal/db.go", Count: 1, Matches: []Match{{3, "func Open() {}"}}},
	}
	if err != nil || !sameResults(got, want) {
		t.Errorf("Scan(project, \".\", Regexp(`^func \\w+\\(`), 2) =%s\nerror %v\nwant%s\nerror <nil>", describe(got), err, describe(want))
	}
}

func TestScanSortsResultsByPath(t *testing.T) {
	files := fstest.MapFS{}
	for _, name := range []string{"a.txt", "a/b.txt", "b.txt", "c.txt", "d.txt", "e.txt", "z.txt"} {
		files[name] = file("hit\n")
	}
	// Hold a.txt back until z.txt has been opened, so that a.txt finishes
	// last: the results must come back sorted anyway.
	zOpened := make(chan struct{})
	var once sync.Once
	fsys := hookFS{files, func(name string) {
		switch name {
		case "z.txt":
			once.Do(func() { close(zOpened) })
		case "a.txt":
			select {
			case <-zOpened:
			case <-time.After(time.Second):
			}
		}
	}}
	got, err := scanWithin(t, fsys, ".", Contains("hit"), 2)
	want := []string{"a.txt", "a/b.txt", "b.txt", "c.txt", "d.txt", "e.txt", "z.txt"}
	if err != nil || !slices.Equal(paths(got), want) {
		t.Errorf("Scan(..., 2 workers) returned paths %q, error %v\nwant %q, <nil>\n(here a.txt finishes last on purpose: workers finish in any order, so sort the collected results by path)", paths(got), err, want)
	}
}

func TestScanRunsExactlyWorkersFilesAtOnce(t *testing.T) {
	const workers = 3
	files := fstest.MapFS{}
	for i := range 12 {
		files[fmt.Sprintf("f%02d.txt", i)] = file("hit\n")
	}
	opened := make(chan string, len(files))
	release := make(chan struct{})
	fsys := hookFS{files, func(name string) {
		opened <- name
		<-release // every file stays open until the test lets go
	}}
	done := make(chan scanReturn, 1)
	go func() {
		res, err := Scan(fsys, ".", Contains("hit"), workers)
		done <- scanReturn{res, err}
	}()
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()

	timeout := time.After(2 * time.Second)
	for n := range workers {
		select {
		case <-opened:
		case r := <-done:
			t.Fatalf("Scan(fsys, \".\", m, %d) returned (%d results, error %v) after opening %d files; it should scan %d files at the same time", workers, len(r.res), r.err, n, workers)
		case <-timeout:
			t.Fatalf("after 2s only %d file(s) were open at the same time; Scan(fsys, \".\", m, %d) should scan %d files at once (one per worker)", n, workers, workers)
		}
	}
	select {
	case name := <-opened:
		t.Fatalf("file %q was opened while %d others were still being scanned; Scan(fsys, \".\", m, %d) must never scan more than %d files at once", name, workers, workers, workers)
	case <-time.After(10 * time.Millisecond):
	}

	close(release)
	released = true
	select {
	case r := <-done:
		if r.err != nil || len(r.res) != len(files) {
			t.Errorf("Scan(fsys, \".\", m, %d) = %d results, error %v; want %d results, <nil>", workers, len(r.res), r.err, len(files))
		}
	case <-time.After(2 * time.Second):
		t.Fatalf("Scan(fsys, \".\", m, %d) did not return within 2s after the files were released", workers)
	}
}

func TestScanTreatsFewerThanOneWorkerAsOne(t *testing.T) {
	want := []string{"README.md", "cmd/app/main.go", "web/page.html"}
	for _, workers := range []int{0, -2} {
		got, err := scanWithin(t, project(), ".", Contains("TODO"), workers)
		if err != nil || !slices.Equal(paths(got), want) {
			t.Errorf("Scan(project, \".\", Contains(\"TODO\"), %d) returned paths %q, error %v; want %q, <nil> (fewer than 1 worker counts as 1)", workers, paths(got), err, want)
		}
	}
}

func TestScanKeepsGoingAfterAFileError(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":     file("hit\n"),
		"b/big.txt": file(strings.Repeat("x", 100_000) + "\nhit\n"),
		"c.txt":     file("one\nhit\n"),
	}
	got, err := scanWithin(t, fsys, ".", Contains("hit"), 2)
	want := []string{"a.txt", "c.txt"}
	if !slices.Equal(paths(got), want) {
		t.Errorf("Scan with one unreadable file returned paths %q, want %q (the other files are still scanned and returned)", paths(got), want)
	}
	if !errors.Is(err, bufio.ErrTooLong) || !strings.Contains(fmt.Sprint(err), "b/big.txt") {
		t.Errorf("Scan with one unreadable file returned error %v, want one that matches bufio.ErrTooLong and mentions \"b/big.txt\"", err)
	}
}

func TestScanJoinsErrorsInPathOrder(t *testing.T) {
	long := strings.Repeat("x", 100_000)
	files := fstest.MapFS{
		"a.txt": file("hit\n"),
		"b.txt": file(long),
		"c.txt": file("hit\n"),
		"d.txt": file(long),
	}
	// b.txt waits until d.txt has been opened, so its error arrives last.
	dOpened := make(chan struct{})
	var once sync.Once
	fsys := hookFS{files, func(name string) {
		switch name {
		case "d.txt":
			once.Do(func() { close(dOpened) })
		case "b.txt":
			select {
			case <-dOpened:
			case <-time.After(time.Second):
			}
		}
	}}
	_, err := scanWithin(t, fsys, ".", Contains("hit"), 2)
	msg := fmt.Sprint(err)
	b, d := strings.Index(msg, "b.txt"), strings.Index(msg, "d.txt")
	if err == nil || b < 0 || d < 0 || b > d {
		t.Errorf("Scan error = %q\nwant both files' errors, b.txt's before d.txt's (join them with errors.Join after sorting by path)", msg)
	}
}

func TestScanReportsAWalkError(t *testing.T) {
	got, err := scanWithin(t, project(), "missing", Contains("TODO"), 2)
	if !errors.Is(err, fs.ErrNotExist) || got != nil {
		t.Errorf("Scan(project, \"missing\", ...) = %d results, error %v; want nil results and an error matching fs.ErrNotExist", len(got), err)
	}
}

func TestScanWithNoMatches(t *testing.T) {
	got, err := scanWithin(t, project(), ".", Contains("no such text"), 3)
	if err != nil || len(got) != 0 {
		t.Errorf("Scan(project, \".\", Contains(\"no such text\"), 3) =%s\nerror %v; want no results and a nil error", describe(got), err)
	}
}
