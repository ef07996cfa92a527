package main

import (
	"cmp"
	"fmt"
)

// Set is an unordered collection of distinct values. Its zero value is an
// empty set, ready to use.
type Set[T comparable] struct {
	items map[T]struct{}
}

// NewSet returns a set holding values, each once.
func NewSet[T comparable](values ...T) *Set[T] {
	return &Set[T]{}
}

// Add puts values in the set.
func (s *Set[T]) Add(values ...T) {}

// Has reports whether v is in the set.
func (s *Set[T]) Has(v T) bool {
	return false
}

// Remove takes v out of the set, if it is there.
func (s *Set[T]) Remove(v T) {}

// Len returns the number of values in the set.
func (s *Set[T]) Len() int {
	return 0
}

// Intersect returns a new set with the values that are in both s and other.
func (s *Set[T]) Intersect(other *Set[T]) *Set[T] {
	return &Set[T]{}
}

// Sorted returns the values of s in increasing order.
func Sorted[T cmp.Ordered](s *Set[T]) []T {
	return nil
}

func main() {
	a := NewSet(3, 1, 4, 1, 5)
	b := NewSet(5, 9, 3)
	fmt.Println(a.Len(), a.Has(4), a.Has(2))
	fmt.Println(Sorted(a.Intersect(b)))

	var tags Set[string]
	tags.Add("go", "generics", "go")
	tags.Remove("missing")
	fmt.Println(tags.Len(), Sorted(&tags))
}
