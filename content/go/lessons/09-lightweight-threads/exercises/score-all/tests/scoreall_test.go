package main

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func length(w string) int { return len(w) }

func TestScoreAllKeepsInputOrder(t *testing.T) {
	tests := []struct {
		name  string
		words []string
		want  []int
	}{
		{"three words", []string{"go", "gopher", "g"}, []int{2, 6, 1}},
		{"one word", []string{"channel"}, []int{7}},
		{"repeated words", []string{"ab", "abc", "ab", "a"}, []int{2, 3, 2, 1}},
		{"many words", []string{"a", "bb", "ccc", "dddd", "eeeee", "ffffff", "ggggggg", "hhhhhhhh"}, []int{1, 2, 3, 4, 5, 6, 7, 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ScoreAll(tt.words, length)
			if !slices.Equal(got, tt.want) {
				t.Errorf("ScoreAll(%q, length) = %v, want %v (the score of words[i] belongs in position i)", tt.words, got, tt.want)
			}
		})
	}
}

func TestScoreAllWithNoWords(t *testing.T) {
	got := ScoreAll([]string{}, length)
	if len(got) != 0 {
		t.Errorf("ScoreAll([], length) = %v, want an empty result", got)
	}
}

func TestScoreAllCallsScoreOncePerWord(t *testing.T) {
	words := []string{"ant", "bee", "cat", "dog", "eel"}
	var mu sync.Mutex
	calls := map[string]int{}
	count := func(w string) int {
		mu.Lock()
		calls[w]++
		mu.Unlock()
		return 1
	}
	ScoreAll(words, count)
	mu.Lock()
	defer mu.Unlock()
	for _, w := range words {
		if calls[w] != 1 {
			t.Errorf("ScoreAll(%q, score) called score(%q) %d times, want exactly once", words, w, calls[w])
		}
	}
}

// TestScoreAllRunsCallsAtTheSameTime gives ScoreAll a score function whose
// calls each wait until every call has started. That only finishes quickly
// when all the calls are in progress at once, in their own goroutines.
func TestScoreAllRunsCallsAtTheSameTime(t *testing.T) {
	words := []string{"one", "two", "three", "four", "five"}
	var mu sync.Mutex
	started := 0
	allStarted := make(chan struct{})
	var gaveUp atomic.Bool
	score := func(w string) int {
		mu.Lock()
		started++
		if started == len(words) {
			close(allStarted)
		}
		mu.Unlock()
		if !gaveUp.Load() {
			select {
			case <-allStarted:
			case <-time.After(500 * time.Millisecond):
				gaveUp.Store(true) // later calls do not wait again
			}
		}
		return len(w)
	}
	got := ScoreAll(words, score)
	if gaveUp.Load() {
		t.Fatalf("ScoreAll(%q, score): the calls to score did not all run at the same time (each waited in vain for the others); start one goroutine per word", words)
	}
	want := []int{3, 3, 5, 4, 4}
	if !slices.Equal(got, want) {
		t.Errorf("ScoreAll(%q, score) = %v, want %v", words, got, want)
	}
}

// TestScoreAllWaitsForEveryCall uses a score function that takes a while
// (it yields to other goroutines many times), so a ScoreAll that does not
// wait returns before the scores are written.
func TestScoreAllWaitsForEveryCall(t *testing.T) {
	words := []string{"slow", "slower", "slowest"}
	slow := func(w string) int {
		for range 2000 {
			runtime.Gosched()
		}
		return len(w)
	}
	got := ScoreAll(words, slow)
	want := []int{4, 6, 7}
	if !slices.Equal(got, want) {
		t.Errorf("ScoreAll(%q, slowScore) = %v, want %v; does ScoreAll wait (wg.Wait) for every goroutine before returning?", words, got, want)
	}
}
