// Package scanner searches the files of a directory tree for lines that
// match a pattern.
package scanner

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// ListFiles walks the tree under root in fsys and returns the paths of the
// files in it, sorted by path. Hidden files and directories (names that
// start with a dot) are left out, and so is everything inside a hidden
// directory. When ctx is cancelled, the walk stops and ListFiles returns
// ctx.Err(). (Not yet: ctx is passed in, but nothing looks at it.)
func ListFiles(ctx context.Context, fsys fs.FS, root string) ([]string, error) {
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

// A Matcher reports whether a line matches the pattern being searched for.
type Matcher func(line string) bool

// Match is one matching line of a file.
type Match struct {
	Line int    // line number, counting from 1
	Text string // the line, without its line ending
}

// FileResult holds what was found in one file.
type FileResult struct {
	Path    string
	Count   int     // number of matching lines
	Matches []Match // in line order
}

// Contains returns a Matcher for the lines that contain substr.
func Contains(substr string) Matcher {
	return func(line string) bool {
		return strings.Contains(line, substr)
	}
}

// Regexp compiles expr (package regexp syntax) and returns a Matcher for the
// lines in which it finds a match. An invalid expression is an error.
func Regexp(expr string) (Matcher, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	return re.MatchString, nil
}

// ScanFile reads the file at path in fsys line by line and returns the lines
// that m matches, numbered from 1. Errors mention the path.
func ScanFile(fsys fs.FS, path string, m Matcher) (FileResult, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return FileResult{}, err // a *fs.PathError: it already names the path
	}
	defer f.Close()

	res := FileResult{Path: path}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		if line := sc.Text(); m(line) {
			res.Matches = append(res.Matches, Match{Line: n, Text: line})
		}
	}
	if err := sc.Err(); err != nil {
		return FileResult{}, fmt.Errorf("scan %s: %w", path, err)
	}
	res.Count = len(res.Matches)
	return res, nil
}

// outcome is what a worker reports for one file.
type outcome struct {
	path string
	res  FileResult
	err  error
}

// Scan scans every file that ListFiles finds under root, using at most
// workers goroutines at a time (fewer than 1 counts as 1). It returns the
// files with at least one match, sorted by path. A file that cannot be
// scanned does not stop the others: its error is joined into the returned
// error, in path order, next to the results of the rest.
//
// When ctx is cancelled or its deadline passes, Scan stops walking and
// scanning, waits for its goroutines, and returns nil and ctx.Err().
// (Not yet: this is step 3's Scan, which ignores ctx.)
func Scan(ctx context.Context, fsys fs.FS, root string, m Matcher, workers int) ([]FileResult, error) {
	paths, err := ListFiles(ctx, fsys, root)
	if err != nil {
		return nil, err
	}
	workers = max(workers, 1)

	jobs := make(chan string)
	outcomes := make(chan outcome)

	// Fan out: a fixed number of workers take paths from jobs.
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for path := range jobs {
				res, err := ScanFile(fsys, path, m)
				outcomes <- outcome{path: path, res: res, err: err}
			}
		})
	}

	// Feed the jobs, then close the channel so that the workers' loops end.
	go func() {
		for _, path := range paths {
			jobs <- path
		}
		close(jobs)
	}()

	// Close outcomes once every worker is done, so the loop below ends.
	go func() {
		wg.Wait()
		close(outcomes)
	}()

	// Fan in: collect everything, in whatever order it arrives...
	var all []outcome
	for o := range outcomes {
		all = append(all, o)
	}
	// ...then put it in a fixed order.
	slices.SortFunc(all, func(a, b outcome) int {
		return strings.Compare(a.path, b.path)
	})

	var results []FileResult
	var errs []error
	for _, o := range all {
		switch {
		case o.err != nil:
			errs = append(errs, o.err)
		case o.res.Count > 0:
			results = append(results, o.res)
		}
	}
	return results, errors.Join(errs...)
}
