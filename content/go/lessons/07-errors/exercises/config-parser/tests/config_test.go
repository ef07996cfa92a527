package main

import (
	"errors"
	"fmt"
	"maps"
	"testing"
)

func TestParseReadsKeysAndValues(t *testing.T) {
	input := "# a comment\n\nhost = example.com\n  port=8080  \nurl = http://x?a=b\nempty =\n"
	want := map[string]string{
		"host":  "example.com",
		"port":  "8080",
		"url":   "http://x?a=b",
		"empty": "",
	}
	got, err := Parse(input)
	if err != nil {
		t.Fatalf("Parse(%q) returned error %v, want nil", input, err)
	}
	if !maps.Equal(got, want) {
		t.Errorf("Parse(%q) = %v, want %v (trim spaces, skip blank and # lines, split at the first '=')", input, got, want)
	}
}

func TestParseOfEmptyTextIsEmpty(t *testing.T) {
	got, err := Parse("")
	if err != nil || len(got) != 0 {
		t.Errorf("Parse(\"\") = %v, %v; want an empty map and nil", got, err)
	}
}

func TestParseRejectsBadLines(t *testing.T) {
	cases := []struct {
		name   string
		input  string
		line   int
		reason error
	}{
		{"no equals sign", "host = a\nport 8080\n", 2, ErrMissingEquals},
		{"empty key", "# keys\n\n = value\n", 3, ErrEmptyKey},
		{"blank key before =", "a = 1\n   =2\n", 2, ErrEmptyKey},
		{"key given twice", "a = 1\nb = 2\n a = 3\n", 3, ErrDuplicateKey},
		{"first bad line wins", "oops\n= x\n", 1, ErrMissingEquals},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			settings, err := Parse(c.input)
			if err == nil {
				t.Fatalf("Parse(%q) returned nil error, want one for line %d", c.input, c.line)
			}
			if settings != nil {
				t.Errorf("Parse(%q) returned map %v along with its error, want nil", c.input, settings)
			}
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("Parse(%q) error %q (type %T) holds no *LineError; errors.As should find one", c.input, err, err)
			}
			if le.Line != c.line {
				t.Errorf("Parse(%q): LineError.Line = %d, want %d", c.input, le.Line, c.line)
			}
			if !errors.Is(err, c.reason) {
				t.Errorf("Parse(%q): errors.Is(err, %q) = false, want true (err is %q; does LineError have an Unwrap method?)", c.input, c.reason, err)
			}
			want := fmt.Sprintf("config: line %d: %v", c.line, c.reason)
			if err.Error() != want {
				t.Errorf("Parse(%q) error message = %q, want %q", c.input, err.Error(), want)
			}
		})
	}
}

func TestParseWrapsTheLineError(t *testing.T) {
	_, err := Parse("nonsense\n")
	if err == nil {
		t.Fatal(`Parse("nonsense\n") returned nil error, want a wrapped *LineError`)
	}
	if _, ok := err.(*LineError); ok {
		t.Errorf(`Parse("nonsense\n") returned the *LineError itself; wrap it with fmt.Errorf("config: %%w", ...)`)
	}
}

func TestLineErrorUnwrapsToItsReason(t *testing.T) {
	err := &LineError{Line: 4, Err: ErrEmptyKey}
	if got := errors.Unwrap(err); got != ErrEmptyKey {
		t.Errorf("errors.Unwrap(&LineError{Line: 4, Err: ErrEmptyKey}) = %v, want ErrEmptyKey", got)
	}
}

func TestBadLineFindsTheLineError(t *testing.T) {
	deep := fmt.Errorf("loading app.conf: %w", fmt.Errorf("config: %w", &LineError{Line: 7, Err: ErrDuplicateKey}))
	cases := []struct {
		name     string
		err      error
		wantLine int
		wantOK   bool
	}{
		{"a bare LineError", &LineError{Line: 3, Err: ErrEmptyKey}, 3, true},
		{"wrapped twice", deep, 7, true},
		{"some other error", errors.New("disk full"), 0, false},
		{"nil", nil, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			line, ok := BadLine(c.err)
			if line != c.wantLine || ok != c.wantOK {
				t.Errorf("BadLine(%v) = %d, %v; want %d, %v", c.err, line, ok, c.wantLine, c.wantOK)
			}
		})
	}
}
