package main

import "fmt"

// Stats returns the smallest and largest of nums and their mean.
// It returns an error when nums is empty.
func Stats(nums ...int) (lo, hi int, mean float64, err error) {
	return 0, 0, 0, nil
}

func main() {
	fmt.Println(Stats(4, 8, 15, 16, 23, 42))
	fmt.Println(Stats(3, 4))
	fmt.Println(Stats())
}
