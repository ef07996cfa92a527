package main

import (
	"slices"
	"testing"
)

func TestUniqueSortsAndRemovesDuplicates(t *testing.T) {
	tests := []struct {
		name  string
		words []string
		want  []string
	}{
		{"duplicates", []string{"go", "web", "api", "go", "web"}, []string{"api", "go", "web"}},
		{"already unique", []string{"pear", "apple", "fig"}, []string{"apple", "fig", "pear"}},
		{"all the same", []string{"hi", "hi", "hi"}, []string{"hi"}},
		{"one word", []string{"solo"}, []string{"solo"}},
		{"case matters", []string{"go", "Go", "go"}, []string{"Go", "go"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := slices.Clone(tt.words)
			got := Unique(input)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Unique(%q) = %q, want %q", tt.words, got, tt.want)
			}
		})
	}
}

func TestUniqueLeavesInputUnchanged(t *testing.T) {
	words := []string{"web", "go", "api", "go"}
	before := slices.Clone(words)
	Unique(words)
	if !slices.Equal(words, before) {
		t.Errorf("after Unique(%q) the caller's slice is %q; it must not be changed", before, words)
	}
}

func TestUniqueResultIsIndependent(t *testing.T) {
	words := []string{"a", "b", "c"}
	got := Unique(words)
	if len(got) == 0 {
		t.Fatalf("Unique(%q) returned an empty slice, want [a b c]", words)
	}
	got[0] = "changed"
	if words[0] != "a" {
		t.Errorf("changing the result of Unique([a b c]) changed the input to %q; return a new slice", words)
	}
}

func TestUniqueOfNothing(t *testing.T) {
	if got := Unique(nil); len(got) != 0 {
		t.Errorf("Unique(nil) = %q, want an empty result", got)
	}
	if got := Unique([]string{}); len(got) != 0 {
		t.Errorf("Unique([]string{}) = %q, want an empty result", got)
	}
}
