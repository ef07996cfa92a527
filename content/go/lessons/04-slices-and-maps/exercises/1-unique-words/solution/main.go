package main

import (
	"fmt"
	"maps"
	"slices"
)

// Unique returns the distinct words of words, sorted alphabetically.
// It does not change words.
func Unique(words []string) []string {
	seen := make(map[string]bool)
	for _, w := range words {
		seen[w] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

func main() {
	tags := []string{"go", "web", "api", "go", "web"}
	fmt.Println(Unique(tags))
	fmt.Println(tags)
}
