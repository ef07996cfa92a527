package bank

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// setup returns a bank over an in-memory store holding Ada (5000) and
// Bob (1000).
func setup(t *testing.T) (*Bank, *MemoryAccounts) {
	t.Helper()
	store := NewMemoryAccounts()
	store.Save(Account{ID: "ada", Owner: "Ada", Balance: 5000, History: []int{5000}})
	store.Save(Account{ID: "bob", Owner: "Bob", Balance: 1000, History: []int{1000}})
	return NewBank(store), store
}

// expectBalances fails the test when the stored balances differ from want.
func expectBalances(t *testing.T, store *MemoryAccounts, want map[string]int, after string) {
	t.Helper()
	for _, id := range []string{"ada", "bob"} {
		got, err := store.Get(id)
		if err != nil || got.Balance != want[id] {
			t.Errorf("after %s, %s's balance = %d (err %v); want %d", after, id, got.Balance, err, want[id])
		}
	}
}

func TestTransferMovesMoney(t *testing.T) {
	bank, store := setup(t)
	if err := bank.Transfer("ada", "bob", 1500); err != nil {
		t.Fatalf("Transfer(%q, %q, 1500) = %v, want nil", "ada", "bob", err)
	}
	expectBalances(t, store, map[string]int{"ada": 3500, "bob": 2500}, `Transfer("ada", "bob", 1500)`)
	ada, _ := store.Get("ada")
	bob, _ := store.Get("bob")
	if !slices.Equal(ada.History, []int{5000, -1500}) || !slices.Equal(bob.History, []int{1000, 1500}) {
		t.Errorf("after Transfer(\"ada\", \"bob\", 1500), histories are ada %v, bob %v; want ada [5000 -1500], bob [1000 1500]", ada.History, bob.History)
	}
}

func TestTransferOfTheWholeBalanceIsAllowed(t *testing.T) {
	bank, store := setup(t)
	if err := bank.Transfer("bob", "ada", 1000); err != nil {
		t.Fatalf("Transfer(%q, %q, 1000) with a balance of exactly 1000 = %v, want nil", "bob", "ada", err)
	}
	expectBalances(t, store, map[string]int{"ada": 6000, "bob": 0}, `Transfer("bob", "ada", 1000)`)
}

func TestTransferRejectsBrokenRules(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		amount   int
		want     error
		wantName string
	}{
		{"zero amount", "ada", "bob", 0, ErrInvalidAmount, "ErrInvalidAmount"},
		{"negative amount", "ada", "bob", -500, ErrInvalidAmount, "ErrInvalidAmount"},
		{"same account", "ada", "ada", 100, ErrSameAccount, "ErrSameAccount"},
		{"more than the balance", "bob", "ada", 1001, ErrInsufficientFunds, "ErrInsufficientFunds"},
		{"unknown sender", "carol", "bob", 100, ErrNotFound, "ErrNotFound"},
		{"unknown receiver", "ada", "carol", 100, ErrNotFound, "ErrNotFound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bank, store := setup(t)
			err := bank.Transfer(tt.from, tt.to, tt.amount)
			call := fmt.Sprintf("Transfer(%q, %q, %d)", tt.from, tt.to, tt.amount)
			if !errors.Is(err, tt.want) {
				t.Errorf("%s = %v; want an error matching %s", call, err, tt.wantName)
			}
			// A rejected transfer changes nothing.
			expectBalances(t, store, map[string]int{"ada": 5000, "bob": 1000}, call)
		})
	}
}

// countingAccounts is a hand-written fake: it counts calls and can fail Save.
type countingAccounts struct {
	inner   Accounts
	gets    int
	saveErr error
}

func (c *countingAccounts) Get(id string) (Account, error) {
	c.gets++
	return c.inner.Get(id)
}

func (c *countingAccounts) Save(a Account) error {
	if c.saveErr != nil {
		return c.saveErr
	}
	return c.inner.Save(a)
}

func TestTransferChecksItsInputBeforeTouchingStorage(t *testing.T) {
	_, store := setup(t)
	fake := &countingAccounts{inner: store}
	bank := NewBank(fake)
	bank.Transfer("ada", "bob", 0)
	bank.Transfer("ada", "ada", 100)
	if fake.gets != 0 {
		t.Errorf("Transfer with amount 0 and Transfer from an account to itself called Get %d times; want 0 (reject bad input before asking storage)", fake.gets)
	}
}

func TestTransferReportsAStorageFailure(t *testing.T) {
	errDiskFull := errors.New("disk full")
	_, store := setup(t)
	bank := NewBank(&countingAccounts{inner: store, saveErr: errDiskFull})
	err := bank.Transfer("ada", "bob", 100)
	if !errors.Is(err, errDiskFull) {
		t.Errorf("Transfer(%q, %q, 100) when Save fails with %q = %v; want an error matching it (return Save's error, wrapped with %%w)", "ada", "bob", errDiskFull, err)
	}
}
