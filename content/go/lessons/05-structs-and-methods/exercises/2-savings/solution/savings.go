package main

import "fmt"

// Savings is an Account that earns interest and allows at most three
// withdrawals.
type Savings struct {
	Account
	rate        int // interest rate in percent
	withdrawals int // successful withdrawals so far
}

// maxWithdrawals is how many withdrawals a savings account allows.
const maxWithdrawals = 3

// NewSavings opens a savings account paying ratePercent interest.
func NewSavings(owner string, opening, ratePercent int) (*Savings, error) {
	if ratePercent < 0 || ratePercent > 100 {
		return nil, fmt.Errorf("interest rate %d%% is outside 0..100", ratePercent)
	}
	acc, err := NewAccount(owner, opening)
	if err != nil {
		return nil, err
	}
	return &Savings{Account: *acc, rate: ratePercent}, nil
}

// AddInterest deposits the interest on the current balance and returns it.
func (s *Savings) AddInterest() int {
	interest := s.Balance() * s.rate / 100
	if interest > 0 {
		if err := s.Deposit(interest); err != nil {
			return 0
		}
	}
	return interest
}

// Withdraw takes amount from the balance, at most three times.
func (s *Savings) Withdraw(amount int) error {
	if s.withdrawals >= maxWithdrawals {
		return fmt.Errorf("withdrawal of %d: limit of %d withdrawals reached", amount, maxWithdrawals)
	}
	if err := s.Account.Withdraw(amount); err != nil {
		return err
	}
	s.withdrawals++
	return nil
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
