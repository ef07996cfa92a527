package main

import (
	"fmt"
	"strings"
	"sync"
)

// ScoreAll calls score once for every word, each call in its own goroutine,
// waits for all of them, and returns the scores in the same order as words.
func ScoreAll(words []string, score func(string) int) []int {
	results := make([]int, len(words)) // one slot per word
	var wg sync.WaitGroup
	for i, w := range words {
		wg.Go(func() {
			results[i] = score(w) // this goroutine writes only slot i
		})
	}
	wg.Wait() // every slot is filled once Wait returns
	return results
}

// letterScore gives common letters 1 point and rare ones more.
func letterScore(word string) int {
	total := 0
	for _, r := range word {
		switch {
		case strings.ContainsRune("qz", r):
			total += 10
		case strings.ContainsRune("jx", r):
			total += 8
		case strings.ContainsRune("kvwy", r):
			total += 4
		default:
			total++
		}
	}
	return total
}

func main() {
	words := []string{"gopher", "quiz", "jazz", "go"}
	fmt.Println(ScoreAll(words, letterScore))
}
