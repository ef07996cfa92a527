package scanner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

func file(text string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(text)}
}

// hookFS serves files from a MapFS. It calls onDir or onFile each time a
// directory or a file is opened, and counts the files that are open right
// now. It has only an Open method, so every read goes through it.
type hookFS struct {
	files  fstest.MapFS
	onDir  func(name string)
	onFile func(name string)
	open   *atomic.Int64
}

type trackedFile struct {
	fs.File
	open *atomic.Int64
}

func (f trackedFile) Close() error {
	f.open.Add(-1)
	return f.File.Close()
}

func (h hookFS) Open(name string) (fs.File, error) {
	f, err := h.files.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		if h.onDir != nil {
			h.onDir(name)
		}
		return f, nil
	}
	if h.onFile != nil {
		h.onFile(name)
	}
	if h.open == nil {
		return f, nil
	}
	h.open.Add(1)
	return trackedFile{f, h.open}, nil
}

type scanReturn struct {
	res []FileResult
	err error
}

// scanWithin calls Scan and fails the test if it has not returned after two
// seconds, instead of letting a stuck goroutine hang the whole run.
func scanWithin(t *testing.T, ctx context.Context, fsys fs.FS, m Matcher, workers int) ([]FileResult, error) {
	t.Helper()
	done := make(chan scanReturn, 1)
	go func() {
		res, err := Scan(ctx, fsys, ".", m, workers)
		done <- scanReturn{res, err}
	}()
	select {
	case r := <-done:
		return r.res, r.err
	case <-time.After(2 * time.Second):
		t.Fatalf("Scan(ctx, fsys, \".\", m, %d) did not return within 2s: is a goroutine stuck sending on a channel nobody reads any more?", workers)
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

// manyFiles returns n files f000.txt, f001.txt, ... that each match "hit".
func manyFiles(n int) fstest.MapFS {
	files := fstest.MapFS{}
	for i := range n {
		files[fmt.Sprintf("f%03d.txt", i)] = file("hit\n")
	}
	return files
}

func TestScanWithALiveContextFindsEverything(t *testing.T) {
	fsys := fstest.MapFS{
		".git/HEAD":       file("TODO: not a real repo\n"),
		"README.md":       file("# demo\nTODO: write docs\n"),
		"cmd/app/main.go": file("package main\n\nfunc main() {\n\t// TODO: flags\n}\n"),
		"internal/db.go":  file("package internal\n"),
	}
	got, err := scanWithin(t, t.Context(), fsys, Contains("TODO"), 3)
	want := []FileResult{
		{Path: "README.md", Count: 1, Matches: []Match{{2, "TODO: write docs"}}},
		{Path: "cmd/app/main.go", Count: 1, Matches: []Match{{4, "\t// TODO: flags"}}},
	}
	same := slices.EqualFunc(got, want, func(a, b FileResult) bool {
		return a.Path == b.Path && a.Count == b.Count && slices.Equal(a.Matches, b.Matches)
	})
	if err != nil || !same {
		t.Errorf("Scan(t.Context(), fsys, \".\", Contains(\"TODO\"), 3) = %+v, %v\nwant %+v, <nil> (a context that is never cancelled changes nothing)", got, err, want)
	}
}

func TestListFilesStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	got, err := ListFiles(ctx, manyFiles(5), ".")
	if !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("ListFiles(cancelled ctx, fsys, \".\") = %q, %v; want nil, context.Canceled (check ctx.Err() in the WalkDir callback and return it)", got, err)
	}
}

func TestScanWithACancelledContextOpensNoFile(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var opened atomic.Int64
	fsys := hookFS{files: manyFiles(10), onFile: func(string) { opened.Add(1) }}
	got, err := scanWithin(t, ctx, fsys, Contains("hit"), 2)
	if !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("Scan(cancelled ctx, ...) = %d results, error %v; want nil results and context.Canceled", len(got), err)
	}
	if n := opened.Load(); n != 0 {
		t.Errorf("Scan(cancelled ctx, ...) opened %d files; want 0 (nothing should be scanned once ctx is done)", n)
	}
}

func TestScanStopsWalkingWhenCancelled(t *testing.T) {
	files := fstest.MapFS{}
	for i := range 20 {
		files[fmt.Sprintf("d%02d/f.txt", i)] = file("hit\n")
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var mu sync.Mutex
	var afterCancel []string
	cancelled := false
	fsys := hookFS{files: files, onDir: func(name string) {
		mu.Lock()
		defer mu.Unlock()
		if cancelled {
			afterCancel = append(afterCancel, name)
		}
		if name == "d05" {
			cancel() // cancel while the walk is inside d05
			cancelled = true
		}
	}}
	got, err := scanWithin(t, ctx, fsys, Contains("hit"), 2)
	if !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("Scan cancelled during the walk = %d results, error %v; want nil results and context.Canceled", len(got), err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(afterCancel) > 0 {
		t.Errorf("after ctx was cancelled in directory d05, the walk still read %q; it should stop at once (check ctx.Err() in the WalkDir callback)", afterCancel)
	}
}

func TestScanStopsScanningWhenCancelled(t *testing.T) {
	const total, limit = 100, 20
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var opened atomic.Int64
	fsys := hookFS{files: manyFiles(total), onFile: func(string) {
		if opened.Add(1) == 3 {
			cancel() // cancel while the third file is being opened
		}
	}}
	got, err := scanWithin(t, ctx, fsys, Contains("hit"), 2)
	if !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("Scan cancelled after 3 files = %d results, error %v; want nil results and context.Canceled", len(got), err)
	}
	if n := opened.Load(); n > limit {
		t.Errorf("Scan cancelled at the 3rd of %d files still opened %d files; want at most %d (stop handing out paths, and have workers check ctx before each file)", total, n, limit)
	}
}

func TestScanReturnsDeadlineExceeded(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Millisecond)
	defer cancel()
	var open atomic.Int64
	fsys := hookFS{files: manyFiles(10), open: &open, onFile: func(string) {
		<-ctx.Done() // every file is slow: it takes until the deadline
	}}
	start := time.Now()
	got, err := scanWithin(t, ctx, fsys, Contains("hit"), 2)
	if !errors.Is(err, context.DeadlineExceeded) || got != nil {
		t.Errorf("Scan with a 5ms deadline = %d results, error %v; want nil results and context.DeadlineExceeded", len(got), err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Scan with a 5ms deadline took %v; want it to return soon after the deadline", d)
	}
	if n := open.Load(); n != 0 {
		t.Errorf("Scan returned while %d file(s) were still open; wait for every worker (wg.Wait) before returning", n)
	}
}

func TestScanLeavesNoGoroutinesBehind(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var opened atomic.Int64
	fsys := hookFS{files: manyFiles(100), onFile: func(string) {
		if opened.Add(1) == 3 {
			cancel()
		}
	}}
	_, err := scanWithin(t, ctx, fsys, Contains("hit"), 4)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Scan cancelled after 3 files returned error %v, want context.Canceled", err)
	}
	// Goroutines that are finishing get a moment; stuck ones never leave.
	deadline := time.Now().Add(500 * time.Millisecond)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if extra := runtime.NumGoroutine() - before; extra > 0 {
		t.Errorf("%d goroutine(s) started by Scan were still running 500ms after it returned; every worker must have exited (wg.Wait) before Scan returns, and none may be stuck sending to a channel nobody reads", extra)
	}
}
