package main

import (
	"maps"
	"slices"
	"testing"
)

func TestFilterKeepsMatchesInOrder(t *testing.T) {
	nums := []int{5, 2, 8, 2, 5, 9}
	got := Filter(nums, func(n int) bool { return n > 4 })
	want := []int{5, 8, 5, 9}
	if !slices.Equal(got, want) {
		t.Errorf("Filter(%v, n > 4) = %v, want %v", nums, got, want)
	}
}

func TestFilterWorksOnStructs(t *testing.T) {
	type task struct {
		name string
		done bool
	}
	tasks := []task{{"write", true}, {"test", false}, {"ship", false}}
	got := Filter(tasks, func(t task) bool { return !t.done })
	want := []task{{"test", false}, {"ship", false}}
	if !slices.Equal(got, want) {
		t.Errorf("Filter(tasks, not done) = %v, want %v", got, want)
	}
}

func TestFilterLeavesTheInputAlone(t *testing.T) {
	nums := []int{1, 2, 3, 4, 5, 6}
	got := Filter(nums, func(n int) bool { return n%2 == 0 })
	if want := []int{1, 2, 3, 4, 5, 6}; !slices.Equal(nums, want) {
		t.Errorf("after Filter(nums, even), nums = %v, want it unchanged: %v", nums, want)
	}
	if len(got) > 0 {
		got[0] = 100
		if nums[1] != 2 {
			t.Errorf("changing Filter's result changed the input: nums = %v; return a new slice", nums)
		}
	}
}

func TestFilterOfNothingIsEmpty(t *testing.T) {
	if got := Filter([]string{"a", "b"}, func(string) bool { return false }); len(got) != 0 {
		t.Errorf("Filter([a b], never) = %v, want an empty result", got)
	}
	if got := Filter(nil, func(int) bool { return true }); len(got) != 0 {
		t.Errorf("Filter(nil, always) = %v, want an empty result", got)
	}
}

func TestCountCountsEachElement(t *testing.T) {
	words := []string{"go", "is", "go", "fun", "go"}
	got := Count(words)
	want := map[string]int{"go": 3, "is": 1, "fun": 1}
	if !maps.Equal(got, want) {
		t.Errorf("Count(%q) = %v, want %v", words, got, want)
	}
}

func TestCountWorksWithStructKeys(t *testing.T) {
	type point struct{ X, Y int }
	got := Count([]point{{1, 2}, {3, 4}, {1, 2}})
	want := map[point]int{{1, 2}: 2, {3, 4}: 1}
	if !maps.Equal(got, want) {
		t.Errorf("Count(points {1 2}, {3 4}, {1 2}) = %v, want %v", got, want)
	}
}

func TestCountOfNothingIsEmpty(t *testing.T) {
	if got := Count([]float64{}); len(got) != 0 {
		t.Errorf("Count([]float64{}) = %v, want an empty map", got)
	}
}

func TestMostCommonPicksTheHighestCount(t *testing.T) {
	words := []string{"tea", "coffee", "tea", "water", "tea", "coffee"}
	got, ok := MostCommon(words)
	if got != "tea" || !ok {
		t.Errorf("MostCommon(%q) = %q, %v; want \"tea\", true", words, got, ok)
	}
}

func TestMostCommonBreaksTiesWithTheSmallest(t *testing.T) {
	for range 20 { // map order changes from run to run: ask several times
		nums := []int{9, 5, 2, 8, 2, 5, 9}
		got, ok := MostCommon(nums)
		if got != 2 || !ok {
			t.Fatalf("MostCommon(%v) = %v, %v; want 2, true (2, 5 and 9 occur twice; 2 is the smallest)", nums, got, ok)
		}
	}
}

func TestMostCommonOfOneElement(t *testing.T) {
	got, ok := MostCommon([]int{-7})
	if got != -7 || !ok {
		t.Errorf("MostCommon([-7]) = %v, %v; want -7, true", got, ok)
	}
}

func TestMostCommonOfNothingIsZeroAndFalse(t *testing.T) {
	got, ok := MostCommon([]float64{})
	if got != 0 || ok {
		t.Errorf("MostCommon([]float64{}) = %v, %v; want 0, false", got, ok)
	}
}

type Grade string

func TestMostCommonWorksWithNamedTypes(t *testing.T) {
	grades := []Grade{"B", "A", "C", "A", "B"}
	got, ok := MostCommon(grades)
	if got != "A" || !ok {
		t.Errorf("MostCommon(%q) = %q, %v; want \"A\", true", grades, got, ok)
	}
}
