package bank

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

// MemoryAccounts must satisfy the interface the bank depends on.
var _ Accounts = (*MemoryAccounts)(nil)

func sameAccount(a, b Account) bool {
	return a.ID == b.ID && a.Owner == b.Owner && a.Balance == b.Balance && slices.Equal(a.History, b.History)
}

func TestGetUnknownIDReturnsErrNotFound(t *testing.T) {
	m := NewMemoryAccounts()
	got, err := m.Get("acc-404")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get(%q) on an empty store = %+v, %v; want an error matching ErrNotFound", "acc-404", got, err)
	}
	if !strings.Contains(err.Error(), "acc-404") {
		t.Errorf("Get(%q) error = %q; want it to mention the ID (wrap ErrNotFound with fmt.Errorf and %%w)", "acc-404", err)
	}
}

func TestSaveThenGetReturnsTheAccount(t *testing.T) {
	m := NewMemoryAccounts()
	want := Account{ID: "acc-1", Owner: "Ada", Balance: 5000, History: []int{5000}}
	if err := m.Save(want); err != nil {
		t.Fatalf("Save(%+v) = %v, want nil", want, err)
	}
	got, err := m.Get("acc-1")
	if err != nil || !sameAccount(got, want) {
		t.Errorf("after Save(%+v), Get(%q) = %+v, %v; want %+v, <nil>", want, "acc-1", got, err, want)
	}
}

func TestSaveReplacesTheStoredAccount(t *testing.T) {
	m := NewMemoryAccounts()
	m.Save(Account{ID: "acc-1", Owner: "Ada", Balance: 5000})
	want := Account{ID: "acc-1", Owner: "Ada Lovelace", Balance: 3000, History: []int{-2000}}
	m.Save(want)
	got, err := m.Get("acc-1")
	if err != nil || !sameAccount(got, want) {
		t.Errorf("after saving acc-1 twice, Get(%q) = %+v, %v; want the second version %+v", "acc-1", got, err, want)
	}
}

func TestAccountsAreKeptApart(t *testing.T) {
	m := NewMemoryAccounts()
	ada := Account{ID: "acc-1", Owner: "Ada", Balance: 100}
	bob := Account{ID: "acc-2", Owner: "Bob", Balance: 200}
	m.Save(ada)
	m.Save(bob)
	for _, want := range []Account{ada, bob} {
		got, err := m.Get(want.ID)
		if err != nil || !sameAccount(got, want) {
			t.Errorf("Get(%q) = %+v, %v; want %+v, <nil>", want.ID, got, err, want)
		}
	}
}

func TestGetReturnsACopy(t *testing.T) {
	m := NewMemoryAccounts()
	m.Save(Account{ID: "acc-1", Balance: 100, History: []int{100}})
	got, _ := m.Get("acc-1")
	if len(got.History) == 0 {
		t.Fatalf("Get(%q).History = %v; want [100]", "acc-1", got.History)
	}
	got.Balance = 0
	got.History[0] = 999
	again, _ := m.Get("acc-1")
	if again.Balance != 100 || !slices.Equal(again.History, []int{100}) {
		t.Errorf("changing the Account returned by Get changed the store: Get again = %+v; want Balance 100, History [100] (give the caller its own copy of History, e.g. slices.Clone)", again)
	}
}

func TestSaveKeepsItsOwnCopy(t *testing.T) {
	m := NewMemoryAccounts()
	history := []int{100}
	m.Save(Account{ID: "acc-1", Balance: 100, History: history})
	history[0] = 999 // the caller reuses its slice after Save
	got, _ := m.Get("acc-1")
	if !slices.Equal(got.History, []int{100}) {
		t.Errorf("changing a slice after passing it to Save changed the store: Get(%q).History = %v; want [100] (store a copy of History, e.g. slices.Clone)", "acc-1", got.History)
	}
}

// Without a mutex, this test usually crashes the whole run with
// "fatal error: concurrent map writes".
func TestMemoryAccountsIsSafeForConcurrentUse(t *testing.T) {
	const goroutines, each = 8, 2000
	m := NewMemoryAccounts()
	start := make(chan struct{})
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			<-start // all goroutines begin together
			for i := range each {
				id := fmt.Sprintf("acc-%d-%d", g, i)
				m.Save(Account{ID: id, Balance: i})
				m.Get(id)
			}
		})
	}
	close(start)
	wg.Wait()
	for g := range goroutines {
		id := fmt.Sprintf("acc-%d-%d", g, each-1)
		got, err := m.Get(id)
		if err != nil || got.Balance != each-1 {
			t.Errorf("after %d goroutines saved accounts at once, Get(%q) = %+v, %v; want Balance %d, <nil>", goroutines, id, got, err, each-1)
		}
	}
}
