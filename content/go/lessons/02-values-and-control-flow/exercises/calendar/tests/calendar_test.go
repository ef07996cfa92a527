package main

import "testing"

func TestIsLeapFollowsTheGregorianRules(t *testing.T) {
	cases := []struct {
		year int
		want bool
		why  string
	}{
		{2024, true, "divisible by 4"},
		{2026, false, "not divisible by 4"},
		{1900, false, "divisible by 100 but not by 400"},
		{2000, true, "divisible by 400"},
		{2100, false, "divisible by 100 but not by 400"},
	}
	for _, c := range cases {
		if got := IsLeap(c.year); got != c.want {
			t.Errorf("IsLeap(%d) = %v, want %v (%s)", c.year, got, c.want, c.why)
		}
	}
}

func TestDaysInCountsEveryMonth(t *testing.T) {
	want := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	for month := range 12 {
		if got := DaysIn(month+1, 2026); got != want[month] {
			t.Errorf("DaysIn(%d, 2026) = %d, want %d", month+1, got, want[month])
		}
	}
}

func TestDaysInFebruaryOfALeapYear(t *testing.T) {
	for _, year := range []int{2024, 2000} {
		if got := DaysIn(2, year); got != 29 {
			t.Errorf("DaysIn(2, %d) = %d, want 29 (a leap year)", year, got)
		}
	}
	if got := DaysIn(2, 1900); got != 28 {
		t.Errorf("DaysIn(2, 1900) = %d, want 28 (1900 is not a leap year)", got)
	}
}

func TestDaysInRejectsBadMonths(t *testing.T) {
	for _, month := range []int{0, 13, -1} {
		if got := DaysIn(month, 2026); got != 0 {
			t.Errorf("DaysIn(%d, 2026) = %d, want 0 for a month outside 1-12", month, got)
		}
	}
}
