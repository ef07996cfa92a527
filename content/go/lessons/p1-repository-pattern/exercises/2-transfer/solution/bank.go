// Package bank moves money between accounts.
package bank

import (
	"errors"
	"fmt"
	"slices"
	"sync"
)

// Account is one bank account. Balance and the amounts in History are in
// cents.
type Account struct {
	ID      string
	Owner   string
	Balance int
	History []int // every change to Balance, oldest first
}

// ErrNotFound means that no account has the requested ID.
var ErrNotFound = errors.New("account not found")

// Accounts is the storage the bank needs. It is declared here, next to the
// code that uses it, and it is kept small on purpose.
type Accounts interface {
	// Get returns the account with the given ID, or an error matching
	// ErrNotFound when there is none.
	Get(id string) (Account, error)
	// Save stores a, replacing any account with the same ID.
	Save(a Account) error
}

// The bank's own errors. Callers check them with errors.Is.
var (
	ErrInvalidAmount     = errors.New("amount must be positive")
	ErrSameAccount       = errors.New("cannot transfer to the same account")
	ErrInsufficientFunds = errors.New("insufficient funds")
)

// Bank holds the rules for moving money. It stores nothing itself: it
// depends on Accounts, whatever implements it.
type Bank struct {
	accounts Accounts
}

// NewBank returns a Bank that keeps its accounts in accounts.
func NewBank(accounts Accounts) *Bank {
	return &Bank{accounts: accounts}
}

// Transfer moves amount cents from the account fromID to the account toID,
// and records the change in both histories.
func (b *Bank) Transfer(fromID, toID string, amount int) error {
	// Cheap checks first: they need no storage at all.
	if amount <= 0 {
		return fmt.Errorf("transfer %d: %w", amount, ErrInvalidAmount)
	}
	if fromID == toID {
		return fmt.Errorf("transfer from %q to itself: %w", fromID, ErrSameAccount)
	}

	from, err := b.accounts.Get(fromID)
	if err != nil {
		return fmt.Errorf("transfer: %w", err)
	}
	to, err := b.accounts.Get(toID)
	if err != nil {
		return fmt.Errorf("transfer: %w", err)
	}
	if from.Balance < amount {
		return fmt.Errorf("transfer %d from %q (balance %d): %w", amount, fromID, from.Balance, ErrInsufficientFunds)
	}

	from.Balance -= amount
	from.History = append(from.History, -amount)
	to.Balance += amount
	to.History = append(to.History, amount)

	if err := b.accounts.Save(from); err != nil {
		return fmt.Errorf("transfer: %w", err)
	}
	if err := b.accounts.Save(to); err != nil {
		return fmt.Errorf("transfer: %w", err)
	}
	return nil
}

// MemoryAccounts keeps accounts in a map. It is safe for concurrent use, and
// like a real database it hands out copies: changing an Account after Save,
// or one returned by Get, never changes what is stored.
type MemoryAccounts struct {
	mu       sync.Mutex
	accounts map[string]Account
}

// NewMemoryAccounts returns an empty store.
func NewMemoryAccounts() *MemoryAccounts {
	return &MemoryAccounts{accounts: make(map[string]Account)}
}

// Get returns a copy of the account with the given ID.
func (m *MemoryAccounts) Get(id string) (Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.accounts[id]
	if !ok {
		return Account{}, fmt.Errorf("get account %q: %w", id, ErrNotFound)
	}
	a.History = slices.Clone(a.History) // the caller gets its own slice
	return a, nil
}

// Save stores a copy of a, replacing any account with the same ID.
func (m *MemoryAccounts) Save(a Account) error {
	a.History = slices.Clone(a.History) // the store keeps its own slice
	m.mu.Lock()
	defer m.mu.Unlock()
	m.accounts[a.ID] = a
	return nil
}
