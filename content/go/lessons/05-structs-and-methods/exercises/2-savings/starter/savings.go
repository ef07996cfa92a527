package main

import "fmt"

// Savings is an Account that earns interest and allows at most three
// withdrawals.
type Savings struct {
	Account
	rate        int // interest rate in percent
	withdrawals int // successful withdrawals so far
}

// NewSavings opens a savings account paying ratePercent interest.
func NewSavings(owner string, opening, ratePercent int) (*Savings, error) {
	return &Savings{}, nil
}

// AddInterest deposits the interest on the current balance and returns it.
func (s *Savings) AddInterest() int {
	return 0
}

func main() {
	s, err := NewSavings("Ada", 10000, 5)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(s.Owner(), s.Balance())
	fmt.Println(s.AddInterest())
	fmt.Println(s.Balance())
}
