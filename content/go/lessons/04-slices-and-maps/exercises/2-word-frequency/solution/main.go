package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
)

// WordCounts counts how often each word occurs in text. Words are compared in
// lowercase, with non-letters and non-digits stripped from both ends.
func WordCounts(text string) map[string]int {
	counts := make(map[string]int)
	for _, field := range strings.Fields(text) {
		word := strings.TrimFunc(field, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		if word == "" {
			continue
		}
		counts[strings.ToLower(word)]++
	}
	return counts
}

// TopWords returns the n most frequent words of text, most frequent first,
// with ties in alphabetical order.
func TopWords(text string, n int) []string {
	if n <= 0 {
		return nil
	}
	counts := WordCounts(text)
	words := slices.Collect(maps.Keys(counts))
	slices.SortFunc(words, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
	})
	return words[:min(n, len(words))]
}

func main() {
	text := "The cat saw the dog. The dog saw the cat, run!"
	fmt.Println(WordCounts(text))
	fmt.Println(TopWords(text, 3))
}
