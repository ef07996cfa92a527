package main

import "fmt"

// WordCounts counts how often each word occurs in text. Words are compared in
// lowercase, with non-letters and non-digits stripped from both ends.
func WordCounts(text string) map[string]int {
	return nil
}

// TopWords returns the n most frequent words of text, most frequent first,
// with ties in alphabetical order.
func TopWords(text string, n int) []string {
	return nil
}

func main() {
	text := "The cat saw the dog. The dog saw the cat, run!"
	fmt.Println(WordCounts(text))
	fmt.Println(TopWords(text, 3))
}
