package scanner

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func file(text string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(text)}
}

// describe shows a result with every text quoted, so that stray
// characters such as "\r" are visible.
func describe(r FileResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{Path:%q Count:%d Matches:[", r.Path, r.Count)
	for i, m := range r.Matches {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%d:%q", m.Line, m.Text)
	}
	b.WriteString("]}")
	return b.String()
}

// sameResult compares two results, treating nil and empty Matches alike.
func sameResult(a, b FileResult) bool {
	return a.Path == b.Path && a.Count == b.Count && slices.Equal(a.Matches, b.Matches)
}

func TestContainsMatchesSubstrings(t *testing.T) {
	tests := []struct {
		substr, line string
		want         bool
	}{
		{"TODO", "// TODO: handle errors", true},
		{"TODO", "todo in lower case", false},
		{"err", "if err != nil {", true},
		{"err", "return nil", false},
		{"", "any line at all", true},
	}
	for _, tt := range tests {
		m := Contains(tt.substr)
		if m == nil {
			t.Fatalf("Contains(%q) returned a nil Matcher", tt.substr)
		}
		if got := m(tt.line); got != tt.want {
			t.Errorf("Contains(%q)(%q) = %v, want %v", tt.substr, tt.line, got, tt.want)
		}
	}
}

func TestRegexpMatchesExpressions(t *testing.T) {
	tests := []struct {
		expr, line string
		want       bool
	}{
		{`^func \w+\(`, "func main() {", true},
		{`^func \w+\(`, "	x := func() {}", false},
		{`\d{3}-\d{4}`, "call 555-0199 today", true},
		{`\d{3}-\d{4}`, "call 55-0199 today", false},
		{`(?i)todo`, "ToDo: write tests", true},
	}
	for _, tt := range tests {
		m, err := Regexp(tt.expr)
		if err != nil {
			t.Fatalf("Regexp(%q) error = %v, want nil", tt.expr, err)
		}
		if m == nil {
			t.Fatalf("Regexp(%q) returned a nil Matcher", tt.expr)
		}
		if got := m(tt.line); got != tt.want {
			t.Errorf("Regexp(%q) on %q = %v, want %v", tt.expr, tt.line, got, tt.want)
		}
	}
}

func TestRegexpRejectsAnInvalidExpression(t *testing.T) {
	for _, expr := range []string{"[a-z", "(unclosed", "a**"} {
		if _, err := Regexp(expr); err == nil {
			t.Errorf("Regexp(%q) error = nil, want the error from regexp.Compile", expr)
		}
	}
}

func TestScanFileNumbersMatchingLines(t *testing.T) {
	fsys := fstest.MapFS{
		"main.go": file("package main\n\n// TODO: flags\nfunc main() {\n\t// TODO: work\n}\n"),
	}
	got, err := ScanFile(fsys, "main.go", Contains("TODO"))
	want := FileResult{
		Path:  "main.go",
		Count: 2,
		Matches: []Match{
			{Line: 3, Text: "// TODO: flags"},
			{Line: 5, Text: "\t// TODO: work"},
		},
	}
	if err != nil || !sameResult(got, want) {
		t.Errorf("ScanFile(fsys, \"main.go\", Contains(\"TODO\")) =\n  %s, %v\nwant\n  %s, <nil>", describe(got), err, describe(want))
	}
}

func TestScanFileWithARegexp(t *testing.T) {
	fsys := fstest.MapFS{
		"src/util.go": file("package util\n\nfunc Add(a, b int) int { return a + b }\n\nvar f = func() {}\nfunc sub(a, b int) int { return a - b }\n"),
	}
	m, err := Regexp(`^func \w+\(`)
	if err != nil {
		t.Fatalf("Regexp error = %v", err)
	}
	got, err := ScanFile(fsys, "src/util.go", m)
	want := FileResult{
		Path:  "src/util.go",
		Count: 2,
		Matches: []Match{
			{Line: 3, Text: "func Add(a, b int) int { return a + b }"},
			{Line: 6, Text: "func sub(a, b int) int { return a - b }"},
		},
	}
	if err != nil || !sameResult(got, want) {
		t.Errorf("ScanFile(fsys, \"src/util.go\", Regexp(`^func \\w+\\(`)) =\n  %s, %v\nwant\n  %s, <nil>", describe(got), err, describe(want))
	}
}

func TestScanFileWithoutMatches(t *testing.T) {
	fsys := fstest.MapFS{"notes.txt": file("nothing\nto see\nhere\n")}
	got, err := ScanFile(fsys, "notes.txt", Contains("TODO"))
	want := FileResult{Path: "notes.txt"}
	if err != nil || !sameResult(got, want) {
		t.Errorf("ScanFile(fsys, \"notes.txt\", Contains(\"TODO\")) = %s, %v\nwant %s, <nil> (the path is set even when nothing matches)", describe(got), err, describe(want))
	}
}

func TestScanFileStripsLineEndings(t *testing.T) {
	// Windows line endings, and a last line without a newline.
	fsys := fstest.MapFS{"win.txt": file("first\r\nsecond hit\r\nthird\r\nlast hit")}
	got, err := ScanFile(fsys, "win.txt", Contains("hit"))
	want := FileResult{
		Path:  "win.txt",
		Count: 2,
		Matches: []Match{
			{Line: 2, Text: "second hit"},
			{Line: 4, Text: "last hit"},
		},
	}
	if err != nil || !sameResult(got, want) {
		t.Errorf("ScanFile(fsys, \"win.txt\", Contains(\"hit\")) =\n  %s, %v\nwant\n  %s, <nil> (no \\r at the end of a line)", describe(got), err, describe(want))
	}
}

func TestScanFileReportsAMissingFile(t *testing.T) {
	fsys := fstest.MapFS{"a.txt": file("a\n")}
	_, err := ScanFile(fsys, "missing.txt", Contains("a"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("ScanFile(fsys, \"missing.txt\", ...) error = %v, want an error matching fs.ErrNotExist", err)
	}
	if !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("ScanFile error = %q, want it to mention the path \"missing.txt\"", err)
	}
}

func TestScanFileReportsATooLongLine(t *testing.T) {
	long := strings.Repeat("x", 100_000) // over bufio.Scanner's 64 KiB default limit
	fsys := fstest.MapFS{"data/huge.txt": file("ok\n" + long + "\nTODO after\n")}
	got, err := ScanFile(fsys, "data/huge.txt", Contains("TODO"))
	if !errors.Is(err, bufio.ErrTooLong) {
		t.Fatalf("ScanFile(fsys, \"data/huge.txt\", ...) = %s, %v\nwant an error matching bufio.ErrTooLong (check sc.Err() after the loop)", describe(got), err)
	}
	if !strings.Contains(err.Error(), "data/huge.txt") {
		t.Errorf("ScanFile error = %q, want it to mention the path \"data/huge.txt\" (wrap it with fmt.Errorf and %%w)", err)
	}
}
