package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

// Set is an unordered collection of distinct values. Its zero value is an
// empty set, ready to use.
type Set[T comparable] struct {
	items map[T]struct{}
}

// NewSet returns a set holding values, each once.
func NewSet[T comparable](values ...T) *Set[T] {
	s := &Set[T]{}
	s.Add(values...)
	return s
}

// Add puts values in the set.
func (s *Set[T]) Add(values ...T) {
	if s.items == nil {
		s.items = make(map[T]struct{})
	}
	for _, v := range values {
		s.items[v] = struct{}{}
	}
}

// Has reports whether v is in the set.
func (s *Set[T]) Has(v T) bool {
	_, ok := s.items[v]
	return ok
}

// Remove takes v out of the set, if it is there.
func (s *Set[T]) Remove(v T) {
	delete(s.items, v)
}

// Len returns the number of values in the set.
func (s *Set[T]) Len() int {
	return len(s.items)
}

// Intersect returns a new set with the values that are in both s and other.
func (s *Set[T]) Intersect(other *Set[T]) *Set[T] {
	both := &Set[T]{}
	for v := range s.items {
		if other.Has(v) {
			both.Add(v)
		}
	}
	return both
}

// Sorted returns the values of s in increasing order.
func Sorted[T cmp.Ordered](s *Set[T]) []T {
	return slices.Sorted(maps.Keys(s.items))
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
