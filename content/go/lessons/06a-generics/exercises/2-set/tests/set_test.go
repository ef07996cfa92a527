package main

import (
	"slices"
	"testing"
)

func TestNewSetDropsDuplicates(t *testing.T) {
	s := NewSet(3, 1, 4, 1, 5)
	if got := s.Len(); got != 4 {
		t.Errorf("NewSet(3, 1, 4, 1, 5).Len() = %d, want 4", got)
	}
	for _, v := range []int{1, 3, 4, 5} {
		if !s.Has(v) {
			t.Errorf("NewSet(3, 1, 4, 1, 5).Has(%d) = false, want true", v)
		}
	}
	if s.Has(2) {
		t.Errorf("NewSet(3, 1, 4, 1, 5).Has(2) = true, want false")
	}
}

func TestNewSetWithNoValuesIsEmpty(t *testing.T) {
	s := NewSet[string]()
	if got := s.Len(); got != 0 {
		t.Errorf("NewSet[string]().Len() = %d, want 0", got)
	}
	s.Add("go")
	if !s.Has("go") || s.Len() != 1 {
		t.Errorf("after NewSet[string]() and Add(\"go\"): Has(\"go\") = %v, Len() = %d; want true, 1", s.Has("go"), s.Len())
	}
}

func TestAddKeepsEachValueOnce(t *testing.T) {
	s := NewSet("go")
	s.Add("go", "rust", "go")
	s.Add("rust")
	if got := s.Len(); got != 2 {
		t.Errorf("NewSet(\"go\"), Add(\"go\", \"rust\", \"go\"), Add(\"rust\"): Len() = %d, want 2", got)
	}
}

func TestTheZeroValueIsReadyToUse(t *testing.T) {
	var s Set[string]
	if s.Has("go") || s.Len() != 0 {
		t.Fatalf("var s Set[string]: Has(\"go\") = %v, Len() = %d; want false, 0", s.Has("go"), s.Len())
	}
	s.Remove("go") // must not panic
	s.Add("go", "generics", "go")
	if !s.Has("generics") || s.Len() != 2 {
		t.Errorf("var s Set[string]; s.Add(\"go\", \"generics\", \"go\"): Has(\"generics\") = %v, Len() = %d; want true, 2", s.Has("generics"), s.Len())
	}
}

func TestRemoveTakesAValueOut(t *testing.T) {
	s := NewSet(1, 2, 3)
	s.Remove(2)
	s.Remove(42)
	if s.Has(2) || s.Len() != 2 {
		t.Errorf("NewSet(1, 2, 3), Remove(2), Remove(42): Has(2) = %v, Len() = %d; want false, 2", s.Has(2), s.Len())
	}
}

func TestIntersectKeepsTheCommonValues(t *testing.T) {
	a := NewSet(1, 2, 3, 4)
	b := NewSet(3, 4, 5)
	both := a.Intersect(b)
	if got, want := Sorted(both), []int{3, 4}; !slices.Equal(got, want) {
		t.Errorf("NewSet(1, 2, 3, 4).Intersect(NewSet(3, 4, 5)) holds %v, want %v", got, want)
	}
	if a.Len() != 4 || b.Len() != 3 {
		t.Errorf("Intersect changed its inputs: a has %d values (want 4), b has %d (want 3)", a.Len(), b.Len())
	}
	both.Add(99)
	if a.Has(99) || b.Has(99) {
		t.Errorf("adding to the result of Intersect changed an input set; return a new set")
	}
}

func TestIntersectWithAnEmptySet(t *testing.T) {
	var empty Set[string]
	got := NewSet("a", "b").Intersect(&empty)
	if got == nil || got.Len() != 0 {
		t.Fatalf("NewSet(\"a\", \"b\").Intersect(empty set) = %v, want an empty set", got)
	}
	if got := empty.Intersect(NewSet("a")); got == nil || got.Len() != 0 {
		t.Errorf("(empty set).Intersect(NewSet(\"a\")) = %v, want an empty set", got)
	}
}

func TestSortedGivesIncreasingOrder(t *testing.T) {
	s := NewSet("pear", "apple", "fig", "apple")
	if got, want := Sorted(s), []string{"apple", "fig", "pear"}; !slices.Equal(got, want) {
		t.Errorf("Sorted(NewSet(\"pear\", \"apple\", \"fig\", \"apple\")) = %q, want %q", got, want)
	}
	f := NewSet(2.5, -1, 0.25)
	if got, want := Sorted(f), []float64{-1, 0.25, 2.5}; !slices.Equal(got, want) {
		t.Errorf("Sorted(NewSet(2.5, -1, 0.25)) = %v, want %v", got, want)
	}
}

func TestSortedOfAnEmptySetIsEmpty(t *testing.T) {
	var s Set[int]
	if got := Sorted(&s); len(got) != 0 {
		t.Errorf("Sorted(empty set) = %v, want an empty slice", got)
	}
}

func TestASetOfStructs(t *testing.T) {
	type point struct{ X, Y int }
	s := NewSet(point{1, 2}, point{3, 4}, point{1, 2})
	if s.Len() != 2 || !s.Has(point{3, 4}) || s.Has(point{2, 1}) {
		t.Errorf("NewSet of points {1 2}, {3 4}, {1 2}: Len() = %d, Has({3 4}) = %v, Has({2 1}) = %v; want 2, true, false",
			s.Len(), s.Has(point{3, 4}), s.Has(point{2, 1}))
	}
}
