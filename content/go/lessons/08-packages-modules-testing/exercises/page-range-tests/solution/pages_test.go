package pages

import (
	"errors"
	"testing"
)

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		spec        string
		total       int
		first, last int
	}{
		{"3-7", 10, 3, 7},
		{"5", 10, 5, 5},
		{"1-10", 10, 1, 10},
		{"10", 10, 10, 10},
		{"4-4", 10, 4, 4},
	}
	for _, tt := range tests {
		first, last, err := Parse(tt.spec, tt.total)
		if err != nil || first != tt.first || last != tt.last {
			t.Errorf("Parse(%q, %d) = %d, %d, %v; want %d, %d, nil",
				tt.spec, tt.total, first, last, err, tt.first, tt.last)
		}
	}
}

func TestParseRefusesOutOfRange(t *testing.T) {
	for _, spec := range []string{"0-3", "0", "8-11", "11", "7-3"} {
		_, _, err := Parse(spec, 10)
		if !errors.Is(err, ErrOutOfRange) {
			t.Errorf("Parse(%q, 10) error = %v; want one that wraps ErrOutOfRange", spec, err)
		}
	}
}

func TestParseRefusesText(t *testing.T) {
	for _, spec := range []string{"", "x", "3-", "-3", "3-x"} {
		if _, _, err := Parse(spec, 10); err == nil {
			t.Errorf("Parse(%q, 10) gave no error", spec)
		}
	}
}
