package main

import (
	"errors"
	"fmt"
)

// The reasons a line can be rejected.
var (
	ErrMissingEquals = errors.New("missing '='")
	ErrEmptyKey      = errors.New("empty key")
	ErrDuplicateKey  = errors.New("duplicate key")
)

// LineError reports which line of the input is bad, and why.
type LineError struct {
	Line int   // counted from 1
	Err  error // the reason: one of the Err variables above
}

func (e *LineError) Error() string {
	return fmt.Sprintf("line %d: %v", e.Line, e.Err)
}

// TODO: give LineError an Unwrap method, so that errors.Is can see the reason.

// Parse reads "key = value" lines into a map. Blank lines and lines starting
// with # are skipped. It stops at the first bad line.
func Parse(text string) (map[string]string, error) {
	return nil, nil
}

// BadLine reports the line number of the *LineError inside err, if there is one.
func BadLine(err error) (int, bool) {
	return 0, false
}

func main() {
	settings, err := Parse("# server\nhost = example.com\nport = 8080\n")
	fmt.Println(settings, err)

	_, err = Parse("host = example.com\nport 8080\n")
	fmt.Println(err)
	if line, ok := BadLine(err); ok {
		fmt.Println("look at line", line)
	}
	fmt.Println("missing '='?", errors.Is(err, ErrMissingEquals))
}
