package main

import (
	"errors"
	"fmt"
	"strings"
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

// Unwrap makes the reason visible to errors.Is and errors.As.
func (e *LineError) Unwrap() error { return e.Err }

// Parse reads "key = value" lines into a map. Blank lines and lines starting
// with # are skipped. It stops at the first bad line.
func Parse(text string) (map[string]string, error) {
	settings := map[string]string{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, found := strings.Cut(line, "=")
		key = strings.TrimSpace(key)
		var reason error
		switch {
		case !found:
			reason = ErrMissingEquals
		case key == "":
			reason = ErrEmptyKey
		default:
			if _, seen := settings[key]; seen {
				reason = ErrDuplicateKey
			}
		}
		if reason != nil {
			return nil, fmt.Errorf("config: %w", &LineError{Line: i + 1, Err: reason})
		}
		settings[key] = strings.TrimSpace(value)
	}
	return settings, nil
}

// BadLine reports the line number of the *LineError inside err, if there is one.
func BadLine(err error) (int, bool) {
	var le *LineError
	if errors.As(err, &le) {
		return le.Line, true
	}
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
