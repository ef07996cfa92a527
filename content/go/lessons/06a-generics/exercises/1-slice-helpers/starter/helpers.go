package main

import "fmt"

// Filter returns a new slice with the elements of xs for which keep returns
// true, in their original order.
func Filter[T any](xs []T, keep func(T) bool) []T {
	return nil
}

// Count returns how many times each distinct element occurs in xs.
func Count[T comparable](xs []T) map[T]int {
	return nil
}

// MostCommon returns the element that occurs most often in xs (the smallest
// one on a tie) and true, or the zero value and false when xs is empty.
func MostCommon[T any](xs []T) (T, bool) {
	var zero T
	return zero, false
}

func main() {
	nums := []int{5, 2, 8, 2, 5, 9}
	fmt.Println(Filter(nums, func(n int) bool { return n > 4 }))
	fmt.Println(Count([]string{"go", "is", "go"}))
	fmt.Println(MostCommon(nums))
	fmt.Println(MostCommon([]string{"tea", "coffee", "tea"}))
}
