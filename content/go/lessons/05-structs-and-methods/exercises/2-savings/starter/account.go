package main

import (
	"fmt"
	"strings"
)

// Account is a bank account. Amounts are in whole cents.
type Account struct {
	owner   string
	balance int
}

// NewAccount opens an account for owner with an opening balance.
func NewAccount(owner string, opening int) (*Account, error) {
	if strings.TrimSpace(owner) == "" {
		return nil, fmt.Errorf("an account needs an owner")
	}
	if opening < 0 {
		return nil, fmt.Errorf("opening balance %d is negative", opening)
	}
	return &Account{owner: owner, balance: opening}, nil
}

// Owner returns the name of the account's owner.
func (a *Account) Owner() string {
	return a.owner
}

// Balance returns the current balance in cents.
func (a *Account) Balance() int {
	return a.balance
}

// Deposit adds amount to the balance. The amount must be positive.
func (a *Account) Deposit(amount int) error {
	if amount <= 0 {
		return fmt.Errorf("deposit of %d: amount must be positive", amount)
	}
	a.balance += amount
	return nil
}

// Withdraw takes amount from the balance, if there is enough.
func (a *Account) Withdraw(amount int) error {
	if amount <= 0 {
		return fmt.Errorf("withdrawal of %d: amount must be positive", amount)
	}
	if amount > a.balance {
		return fmt.Errorf("withdrawal of %d: balance is only %d", amount, a.balance)
	}
	a.balance -= amount
	return nil
}
