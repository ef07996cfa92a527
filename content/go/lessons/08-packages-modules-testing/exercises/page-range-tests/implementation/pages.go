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
func Parse(spec string, total int) (first, last int, err error) {
	from, to, isRange := strings.Cut(spec, "-")
	first, err = strconv.Atoi(from)
	if err != nil {
		return 0, 0, fmt.Errorf("page range %q: %w", spec, err)
	}
	last = first
	if isRange {
		last, err = strconv.Atoi(to)
		if err != nil {
			return 0, 0, fmt.Errorf("page range %q: %w", spec, err)
		}
	}
	if first < 1 || last > total || first > last {
		return 0, 0, fmt.Errorf("page range %q of %d pages: %w", spec, total, ErrOutOfRange)
	}
	return first, last, nil
}
