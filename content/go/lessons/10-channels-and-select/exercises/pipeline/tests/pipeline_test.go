package main

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"
)

// patience is how long a test waits for a channel to close or a call to
// return before it reports that the code is stuck.
const patience = 300 * time.Millisecond

// drain receives from ch until it is closed. It returns the first values it
// got (at most 100), how many values it got in all, and whether ch was closed
// within patience.
func drain(ch <-chan int) (first []int, count int, closed bool) {
	deadline := time.After(patience)
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return first, count, true
			}
			if len(first) < 100 {
				first = append(first, v)
			}
			count++
		case <-deadline:
			return first, count, false
		}
	}
}

// feed returns a closed channel that holds values.
func feed(values ...int) <-chan int {
	ch := make(chan int, len(values))
	for _, v := range values {
		ch <- v
	}
	close(ch)
	return ch
}

type sumResult struct {
	total int
	err   error
}

// sumWithin runs Sum in a goroutine and gives up after patience.
func sumWithin(ctx context.Context, in <-chan int) (sumResult, bool) {
	done := make(chan sumResult, 1)
	go func() {
		total, err := Sum(ctx, in)
		done <- sumResult{total, err}
	}()
	select {
	case r := <-done:
		return r, true
	case <-time.After(patience):
		return sumResult{}, false
	}
}

func TestGenerateSendsOneToN(t *testing.T) {
	for _, n := range []int{0, 1, 5} {
		want := []int{}
		for i := range n {
			want = append(want, i+1)
		}
		got, _, closed := drain(Generate(t.Context(), n))
		if !closed {
			t.Fatalf("Generate(ctx, %d): the channel was still open after %v; close it when all values are sent", n, patience)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Generate(ctx, %d) sent %v, want %v", n, got, want)
		}
	}
}

func TestGenerateStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	nums := Generate(ctx, math.MaxInt)
	for i := range 3 {
		select {
		case v, ok := <-nums:
			if !ok || v != i+1 {
				t.Fatalf("Generate(ctx, math.MaxInt): receive number %d gave (%d, %v), want (%d, true)", i+1, v, ok, i+1)
			}
		case <-time.After(patience):
			t.Fatalf("Generate(ctx, math.MaxInt): no value arrived within %v", patience)
		}
	}
	cancel()
	_, count, closed := drain(nums)
	if !closed {
		t.Fatalf("Generate(ctx, math.MaxInt) kept sending after ctx was cancelled (%d more values in %v); select on <-ctx.Done() next to the send and return", count, patience)
	}
}

func TestSquareSquaresEveryValue(t *testing.T) {
	got, _, closed := drain(Square(t.Context(), feed(1, 2, 3, -4)))
	if !closed {
		t.Fatalf("Square(ctx, [1 2 3 -4]): the channel was still open after %v, but its input was closed; close the output when the input is closed", patience)
	}
	want := []int{1, 4, 9, 16}
	if !slices.Equal(got, want) {
		t.Errorf("Square(ctx, [1 2 3 -4]) sent %v, want %v", got, want)
	}
}

func TestSquareStopsWhenCancelledWhileWaitingForInput(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	in := make(chan int) // stays open and never sends
	out := Square(ctx, in)
	cancel()
	_, _, closed := drain(out)
	if !closed {
		t.Fatalf("Square(ctx, in) with an input that never sends: its channel was still open %v after ctx was cancelled; wait for <-in and <-ctx.Done() in the same select", patience)
	}
}

func TestSumAddsEveryValue(t *testing.T) {
	r, ok := sumWithin(t.Context(), feed(5, 6, 7))
	if !ok {
		t.Fatalf("Sum(ctx, [5 6 7]) did not return within %v, although its input was closed", patience)
	}
	if r.total != 18 || r.err != nil {
		t.Errorf("Sum(ctx, [5 6 7]) = (%d, %v), want (18, <nil>)", r.total, r.err)
	}
}

func TestSumReturnsTheContextError(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Millisecond)
	defer cancel()
	in := make(chan int) // stays open and never sends
	r, ok := sumWithin(ctx, in)
	if !ok {
		t.Fatalf("Sum(ctx, in) with a 5ms deadline and an input that never sends did not return within %v; also wait on <-ctx.Done()", patience)
	}
	if !errors.Is(r.err, context.DeadlineExceeded) {
		t.Errorf("Sum(ctx, in) after the deadline returned error %v, want context.DeadlineExceeded (return ctx.Err())", r.err)
	}
}

func TestPipelineSumsSquares(t *testing.T) {
	tests := []struct{ n, want int }{{0, 0}, {1, 1}, {3, 14}, {10, 385}}
	for _, tt := range tests {
		ctx := t.Context()
		r, ok := sumWithin(ctx, Square(ctx, Generate(ctx, tt.n)))
		if !ok {
			t.Fatalf("Sum(ctx, Square(ctx, Generate(ctx, %d))) did not return within %v", tt.n, patience)
		}
		if r.total != tt.want || r.err != nil {
			t.Errorf("Sum(ctx, Square(ctx, Generate(ctx, %d))) = (%d, %v), want (%d, <nil>)", tt.n, r.total, r.err, tt.want)
		}
	}
}

func TestPipelineStopsAtTheDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Millisecond)
	defer cancel()
	squares := Square(ctx, Generate(ctx, math.MaxInt))
	r, ok := sumWithin(ctx, squares)
	if !ok {
		t.Fatalf("Sum(ctx, Square(ctx, Generate(ctx, math.MaxInt))) with a 5ms deadline did not return within %v", patience)
	}
	if !errors.Is(r.err, context.DeadlineExceeded) {
		t.Errorf("Sum(ctx, Square(ctx, Generate(ctx, math.MaxInt))) with a 5ms deadline returned error %v, want context.DeadlineExceeded (even when Sum sees its input close, it returns ctx.Err())", r.err)
	}
	if _, _, closed := drain(squares); !closed {
		t.Errorf("after the deadline, Square's channel was still open %v later: a stage is still running (a goroutine leak)", patience)
	}
}
