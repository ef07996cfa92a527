package main

import (
	"maps"
	"slices"
	"testing"
)

func TestWordCounts(t *testing.T) {
	tests := []struct {
		name string
		text string
		want map[string]int
	}{
		{"plain words", "the cat saw the dog", map[string]int{"the": 2, "cat": 1, "saw": 1, "dog": 1}},
		{"case is ignored", "Go go GO gopher", map[string]int{"go": 3, "gopher": 1}},
		{"punctuation at the ends is stripped", "Hello, world! (hello) world...", map[string]int{"hello": 2, "world": 2}},
		{"punctuation inside a word stays", "don't stop, don't", map[string]int{"don't": 2, "stop": 1}},
		{"digits are kept", "route 66, Route 66!", map[string]int{"route": 2, "66": 2}},
		{"punctuation-only pieces are skipped", "wait - what ?! ...", map[string]int{"wait": 1, "what": 1}},
		{"extra whitespace", "  one\ttwo\n\none  ", map[string]int{"one": 2, "two": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := WordCounts(tt.text)
			if !maps.Equal(got, tt.want) {
				t.Errorf("WordCounts(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestWordCountsOfEmptyText(t *testing.T) {
	if got := WordCounts(""); len(got) != 0 {
		t.Errorf("WordCounts(\"\") = %v, want an empty map", got)
	}
}

func TestTopWordsMostFrequentFirst(t *testing.T) {
	text := "b a b c b a"
	got := TopWords(text, 2)
	want := []string{"b", "a"}
	if !slices.Equal(got, want) {
		t.Errorf("TopWords(%q, 2) = %q, want %q (b appears 3 times, a twice)", text, got, want)
	}
}

func TestTopWordsBreaksTiesAlphabetically(t *testing.T) {
	text := "The cat saw the dog. The dog saw the cat, run!"
	got := TopWords(text, 3)
	want := []string{"the", "cat", "dog"}
	if !slices.Equal(got, want) {
		t.Errorf("TopWords(%q, 3) = %q, want %q (cat, dog and saw tie at 2; take them alphabetically)", text, got, want)
	}
}

func TestTopWordsWithFewerWordsThanN(t *testing.T) {
	text := "pear apple pear"
	got := TopWords(text, 10)
	want := []string{"pear", "apple"}
	if !slices.Equal(got, want) {
		t.Errorf("TopWords(%q, 10) = %q, want %q (all the words there are)", text, got, want)
	}
}

func TestTopWordsWithNothingToReturn(t *testing.T) {
	for _, tc := range []struct {
		text string
		n    int
	}{{"a b c", 0}, {"a b c", -1}, {"", 3}} {
		if got := TopWords(tc.text, tc.n); len(got) != 0 {
			t.Errorf("TopWords(%q, %d) = %q, want an empty result", tc.text, tc.n, got)
		}
	}
}

func TestTopWordsIsDeterministic(t *testing.T) {
	text := "kiwi fig plum date lime pear sloe yuzu"
	want := []string{"date", "fig", "kiwi", "lime", "pear"}
	for range 20 {
		got := TopWords(text, 5)
		if !slices.Equal(got, want) {
			t.Fatalf("TopWords(%q, 5) = %q, want %q every time (all tie at 1, so alphabetical)", text, got, want)
		}
	}
}
