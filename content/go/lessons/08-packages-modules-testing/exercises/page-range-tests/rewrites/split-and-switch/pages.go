// Package pages reads the page ranges people type into a print dialog.
package pages

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrOutOfRange is wrapped by the error for a range outside the document.
var ErrOutOfRange = errors.New("pages out of range")

// Parse reads "3-7" (pages 3 to 7) or "5" (page 5 alone) for a document of total pages,
// numbered from 1. It returns the first and last page of the range.
//
// The same behaviour as implementation/pages.go, written another way.
func Parse(spec string, total int) (first, last int, err error) {
	parts := strings.SplitN(spec, "-", 2)
	ends := make([]int, len(parts))
	for i, part := range parts {
		n, err := strconv.Atoi(part)
		if err != nil {
			return 0, 0, fmt.Errorf("page range %q: %w", spec, err)
		}
		ends[i] = n
	}
	first, last = ends[0], ends[len(ends)-1]
	switch {
	case first < 1, last > total, last < first:
		return 0, 0, fmt.Errorf("page range %q of %d pages: %w", spec, total, ErrOutOfRange)
	}
	return first, last, nil
}
