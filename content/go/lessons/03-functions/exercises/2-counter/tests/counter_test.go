package main

import "testing"

func TestNextCountsInSteps(t *testing.T) {
	for _, step := range []int{1, 3, 10} {
		next, _ := Counter(step)
		for i := range 4 {
			want := step * (i + 1)
			if got := next(); got != want {
				t.Fatalf("Counter(%d): call %d of next() = %d, want %d", step, i+1, got, want)
			}
		}
	}
}

func TestResetStartsOver(t *testing.T) {
	next, reset := Counter(5)
	next()
	next()
	reset()
	if got := next(); got != 5 {
		t.Errorf("Counter(5): next(), next(), reset(), then next() = %d, want 5", got)
	}
	if got := next(); got != 10 {
		t.Errorf("Counter(5): the second next() after reset() = %d, want 10", got)
	}
}

func TestResetBeforeAnyCall(t *testing.T) {
	next, reset := Counter(2)
	reset()
	if got := next(); got != 2 {
		t.Errorf("Counter(2): reset() then next() = %d, want 2", got)
	}
}

func TestCountersAreIndependent(t *testing.T) {
	nextA, resetA := Counter(1)
	nextB, _ := Counter(100)
	nextA()
	nextA()
	if got := nextB(); got != 100 {
		t.Errorf("after two calls to counter A, the first next() of counter B = %d, want 100", got)
	}
	resetA()
	if got := nextB(); got != 200 {
		t.Errorf("after resetting counter A, counter B's next() = %d, want 200 (a reset must not affect other counters)", got)
	}
	if got := nextA(); got != 1 {
		t.Errorf("counter A's next() after its reset = %d, want 1", got)
	}
}
