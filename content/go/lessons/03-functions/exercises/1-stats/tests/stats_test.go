package main

import "testing"

func TestStatsOfSomeNumbers(t *testing.T) {
	tests := []struct {
		name     string
		nums     []int
		lo, hi   int
		wantMean float64
	}{
		{"several numbers", []int{4, 8, 15, 16, 23, 42}, 4, 42, 18},
		{"a single number", []int{7}, 7, 7, 7},
		{"smallest is not zero", []int{5, 9}, 5, 9, 7},
		{"largest comes first", []int{9, 2, 4}, 2, 9, 5},
		{"negative numbers", []int{-3, -10, 4}, -10, 4, -3},
		{"mean keeps its fraction", []int{3, 4}, 3, 4, 3.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi, mean, err := Stats(tt.nums...)
			if err != nil {
				t.Fatalf("Stats(%v...) returned error %q, want nil", tt.nums, err)
			}
			if lo != tt.lo || hi != tt.hi || mean != tt.wantMean {
				t.Errorf("Stats(%v...) = lo %d, hi %d, mean %v; want lo %d, hi %d, mean %v",
					tt.nums, lo, hi, mean, tt.lo, tt.hi, tt.wantMean)
			}
		})
	}
}

func TestStatsWithListedArguments(t *testing.T) {
	lo, hi, mean, err := Stats(10, 20, 60)
	if err != nil || lo != 10 || hi != 60 || mean != 30 {
		t.Errorf("Stats(10, 20, 60) = %d, %d, %v, %v; want 10, 60, 30, <nil>", lo, hi, mean, err)
	}
}

func TestStatsOfNothingIsAnError(t *testing.T) {
	lo, hi, mean, err := Stats()
	if err == nil {
		t.Errorf("Stats() returned a nil error; want an error, because there are no numbers")
	}
	if lo != 0 || hi != 0 || mean != 0 {
		t.Errorf("Stats() = %d, %d, %v; want zeros alongside the error", lo, hi, mean)
	}
}
