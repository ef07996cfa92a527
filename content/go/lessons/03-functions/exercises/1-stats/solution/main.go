package main

import "fmt"

// Stats returns the smallest and largest of nums and their mean.
// It returns an error when nums is empty.
func Stats(nums ...int) (lo, hi int, mean float64, err error) {
	if len(nums) == 0 {
		return 0, 0, 0, fmt.Errorf("stats: no numbers given")
	}
	lo, hi = nums[0], nums[0]
	sum := 0
	for _, n := range nums {
		lo = min(lo, n)
		hi = max(hi, n)
		sum += n
	}
	mean = float64(sum) / float64(len(nums))
	return
}

func main() {
	fmt.Println(Stats(4, 8, 15, 16, 23, 42))
	fmt.Println(Stats(3, 4))
	fmt.Println(Stats())
}
