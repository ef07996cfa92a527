package main

import (
	"cmp"
	"fmt"
)

// Filter returns a new slice with the elements of xs for which keep returns
// true, in their original order.
func Filter[T any](xs []T, keep func(T) bool) []T {
	var kept []T
	for _, x := range xs {
		if keep(x) {
			kept = append(kept, x)
		}
	}
	return kept
}

// Count returns how many times each distinct element occurs in xs.
func Count[T comparable](xs []T) map[T]int {
	counts := make(map[T]int)
	for _, x := range xs {
		counts[x]++
	}
	return counts
}

// MostCommon returns the element that occurs most often in xs (the smallest
// one on a tie) and true, or the zero value and false when xs is empty.
func MostCommon[T cmp.Ordered](xs []T) (T, bool) {
	var best T
	bestCount := 0
	for x, n := range Count(xs) {
		if n > bestCount || (n == bestCount && x < best) {
			best, bestCount = x, n
		}
	}
	return best, bestCount > 0
}

func main() {
	nums := []int{5, 2, 8, 2, 5, 9}
	fmt.Println(Filter(nums, func(n int) bool { return n > 4 }))
	fmt.Println(Count([]string{"go", "is", "go"}))
	fmt.Println(MostCommon(nums))
	fmt.Println(MostCommon([]string{"tea", "coffee", "tea"}))
}
