package main

import (
	"context"
	"fmt"
	"math"
	"time"
)

// Generate sends 1, 2, ..., n on the channel it returns, then closes it.
// If ctx is cancelled first, it stops sending and closes the channel.
func Generate(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	close(out) // stub: a closed channel that sends nothing; replace it
	return out
}

// Square sends the square of every value received from in, and closes its
// channel when in is closed or when ctx is cancelled.
func Square(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int)
	close(out) // stub: replace it
	return out
}

// Sum adds up every value received from in until in is closed or ctx is
// cancelled, whichever comes first. It returns the total so far and
// ctx.Err(), which is nil unless the context was cancelled.
func Sum(ctx context.Context, in <-chan int) (int, error) {
	return 0, nil
}

func main() {
	ctx := context.Background()
	total, err := Sum(ctx, Square(ctx, Generate(ctx, 10)))
	fmt.Println("1² + 2² + ... + 10² =", total, "error:", err)

	// Up to math.MaxInt: this would run for centuries. The deadline stops it.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	_, err = Sum(ctx, Square(ctx, Generate(ctx, math.MaxInt)))
	fmt.Println("endless pipeline stopped with:", err)
}
