package main

import "testing"

// openSavings returns a new savings account, stopping the test if it fails.
func openSavings(t *testing.T, owner string, opening, rate int) *Savings {
	t.Helper()
	s, err := NewSavings(owner, opening, rate)
	if err != nil {
		t.Fatalf("NewSavings(%q, %d, %d) returned error %q, want nil", owner, opening, rate, err)
	}
	if s == nil {
		t.Fatalf("NewSavings(%q, %d, %d) returned a nil *Savings", owner, opening, rate)
	}
	return s
}

func TestNewSavingsOpensTheAccount(t *testing.T) {
	s := openSavings(t, "Ada", 10000, 5)
	if got := s.Owner(); got != "Ada" {
		t.Errorf("NewSavings(\"Ada\", 10000, 5): Owner() = %q, want \"Ada\"", got)
	}
	if got := s.Balance(); got != 10000 {
		t.Errorf("NewSavings(\"Ada\", 10000, 5): Balance() = %d, want 10000", got)
	}
}

func TestNewSavingsRejectsBadInput(t *testing.T) {
	tests := []struct {
		owner         string
		opening, rate int
		why           string
	}{
		{"Ada", 100, -1, "a negative rate"},
		{"Ada", 100, 101, "a rate above 100"},
		{"", 100, 5, "an empty owner, which NewAccount refuses"},
		{"Ada", -5, 5, "a negative opening balance, which NewAccount refuses"},
	}
	for _, tt := range tests {
		if _, err := NewSavings(tt.owner, tt.opening, tt.rate); err == nil {
			t.Errorf("NewSavings(%q, %d, %d) returned a nil error, want an error for %s", tt.owner, tt.opening, tt.rate, tt.why)
		}
	}
}

func TestPromotedDepositWorks(t *testing.T) {
	s := openSavings(t, "Bo", 100, 0)
	if err := s.Deposit(50); err != nil {
		t.Fatalf("Deposit(50) returned error %q, want nil", err)
	}
	if got := s.Balance(); got != 150 {
		t.Errorf("opening 100, Deposit(50): Balance() = %d, want 150", got)
	}
}

func TestAddInterest(t *testing.T) {
	tests := []struct {
		opening, rate, interest, balance int
	}{
		{10000, 5, 500, 10500},
		{999, 5, 49, 1048},
		{0, 10, 0, 0},
		{5000, 0, 0, 5000},
		{250, 100, 250, 500},
	}
	for _, tt := range tests {
		s := openSavings(t, "Ada", tt.opening, tt.rate)
		got := s.AddInterest()
		if got != tt.interest || s.Balance() != tt.balance {
			t.Errorf("opening %d at %d%%: AddInterest() = %d with balance %d, want %d with balance %d",
				tt.opening, tt.rate, got, s.Balance(), tt.interest, tt.balance)
		}
	}
}

func TestAddInterestCompounds(t *testing.T) {
	s := openSavings(t, "Ada", 10000, 10)
	s.AddInterest()
	got := s.AddInterest()
	if got != 1100 || s.Balance() != 12100 {
		t.Errorf("opening 10000 at 10%%, second AddInterest() = %d with balance %d, want 1100 with balance 12100", got, s.Balance())
	}
}

func TestWithdrawAllowsThreeTimes(t *testing.T) {
	s := openSavings(t, "Ada", 1000, 0)
	for i := range 3 {
		before := s.Balance()
		if err := s.Withdraw(100); err != nil {
			t.Fatalf("withdrawal %d: Withdraw(100) with a balance of %d returned error %q, want nil", i+1, before, err)
		}
	}
	if err := s.Withdraw(100); err == nil {
		t.Errorf("the fourth Withdraw(100) returned a nil error, want an error (at most three withdrawals)")
	}
	if got := s.Balance(); got != 700 {
		t.Errorf("after three withdrawals of 100 and one refused: Balance() = %d, want 700", got)
	}
}

func TestRefusedWithdrawalDoesNotCount(t *testing.T) {
	s := openSavings(t, "Ada", 300, 0)
	if err := s.Withdraw(5000); err == nil {
		t.Fatalf("Withdraw(5000) from a balance of 300 returned a nil error, want an error")
	}
	for i := range 3 {
		if err := s.Withdraw(100); err != nil {
			t.Errorf("after one refused withdrawal, withdrawal %d of 100 returned error %q, want nil (refused ones do not count)", i+1, err)
		}
	}
	if got := s.Balance(); got != 0 {
		t.Errorf("opening 300, three withdrawals of 100: Balance() = %d, want 0", got)
	}
}
