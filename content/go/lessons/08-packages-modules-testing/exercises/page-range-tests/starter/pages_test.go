package pages

import "testing"

func TestParse(t *testing.T) {
	first, last, err := Parse("3-7", 10)
	if err != nil || first != 3 || last != 7 {
		t.Errorf(`Parse("3-7", 10) = %d, %d, %v; want 3, 7, nil`, first, last, err)
	}
}
