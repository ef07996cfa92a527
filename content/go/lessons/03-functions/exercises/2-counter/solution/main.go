package main

import "fmt"

// Counter returns two functions sharing one count: next adds step to the
// count and returns it, reset sets the count back to zero.
func Counter(step int) (next func() int, reset func()) {
	count := 0
	next = func() int {
		count += step
		return count
	}
	reset = func() {
		count = 0
	}
	return next, reset
}

func main() {
	next, reset := Counter(5)
	fmt.Println(next(), next())
	reset()
	fmt.Println(next())
}
