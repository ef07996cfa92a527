package main

import "testing"

// open returns a new inventory, stopping the test if NewInventory fails.
func open(t *testing.T, capacity int) *Inventory {
	t.Helper()
	inv, err := NewInventory(capacity)
	if err != nil {
		t.Fatalf("NewInventory(%d) returned error %q, want nil", capacity, err)
	}
	if inv == nil {
		t.Fatalf("NewInventory(%d) returned a nil *Inventory, want an empty inventory", capacity)
	}
	return inv
}

// checkStock fails the test if name's count or the total are not as expected.
func checkStock(t *testing.T, inv *Inventory, after, name string, count, total int) {
	t.Helper()
	if got := inv.Count(name); got != count {
		t.Errorf("after %s: Count(%q) = %d, want %d", after, name, got, count)
	}
	if got := inv.Total(); got != total {
		t.Errorf("after %s: Total() = %d, want %d", after, got, total)
	}
}

func TestNewInventoryStartsEmpty(t *testing.T) {
	inv := open(t, 5)
	checkStock(t, inv, "NewInventory(5)", "bolt", 0, 0)
}

func TestNewInventoryRejectsBadCapacity(t *testing.T) {
	for _, capacity := range []int{0, -3} {
		if _, err := NewInventory(capacity); err == nil {
			t.Errorf("NewInventory(%d) returned a nil error, want an error (capacity must be positive)", capacity)
		}
	}
}

func TestAddPutsItemsInStock(t *testing.T) {
	inv := open(t, 20)
	if err := inv.Add("bolt", 6); err != nil {
		t.Fatalf("Add(\"bolt\", 6) on an empty inventory returned error %q, want nil", err)
	}
	if err := inv.Add("bolt", 2); err != nil {
		t.Fatalf("a second Add(\"bolt\", 2) returned error %q, want nil", err)
	}
	if err := inv.Add("nut", 5); err != nil {
		t.Fatalf("Add(\"nut\", 5) returned error %q, want nil", err)
	}
	checkStock(t, inv, "Add bolt 6, bolt 2, nut 5", "bolt", 8, 13)
	if got := inv.Count("nut"); got != 5 {
		t.Errorf("after Add(\"nut\", 5): Count(\"nut\") = %d, want 5", got)
	}
}

func TestAddRejectsBadInput(t *testing.T) {
	tests := []struct {
		name string
		qty  int
	}{
		{"", 3},
		{"bolt", 0},
		{"bolt", -2},
	}
	for _, tt := range tests {
		inv := open(t, 10)
		if err := inv.Add(tt.name, tt.qty); err == nil {
			t.Errorf("Add(%q, %d) returned a nil error, want an error", tt.name, tt.qty)
		}
		if got := inv.Total(); got != 0 {
			t.Errorf("after the rejected Add(%q, %d): Total() = %d, want 0 (nothing changes)", tt.name, tt.qty, got)
		}
	}
}

func TestAddRespectsCapacity(t *testing.T) {
	inv := open(t, 10)
	if err := inv.Add("bolt", 7); err != nil {
		t.Fatalf("Add(\"bolt\", 7) with capacity 10 returned error %q, want nil", err)
	}
	if err := inv.Add("nut", 4); err == nil {
		t.Errorf("Add(\"nut\", 4) with 7 of 10 places used returned a nil error, want an error")
	}
	checkStock(t, inv, "the rejected Add(\"nut\", 4)", "nut", 0, 7)
	if err := inv.Add("nut", 3); err != nil {
		t.Errorf("Add(\"nut\", 3) filling the last 3 places returned error %q, want nil", err)
	}
	checkStock(t, inv, "Add(\"nut\", 3)", "nut", 3, 10)
}

func TestRemoveTakesItemsOut(t *testing.T) {
	inv := open(t, 10)
	if err := inv.Add("bolt", 6); err != nil {
		t.Fatalf("Add(\"bolt\", 6) returned error %q, want nil", err)
	}
	if err := inv.Remove("bolt", 2); err != nil {
		t.Fatalf("Remove(\"bolt\", 2) with 6 in stock returned error %q, want nil", err)
	}
	checkStock(t, inv, "Add 6 then Remove 2", "bolt", 4, 4)
	if err := inv.Remove("bolt", 4); err != nil {
		t.Fatalf("Remove(\"bolt\", 4) with 4 in stock returned error %q, want nil", err)
	}
	checkStock(t, inv, "removing the last 4", "bolt", 0, 0)
}

func TestRemoveRejectsWhatIsNotThere(t *testing.T) {
	inv := open(t, 10)
	if err := inv.Add("bolt", 3); err != nil {
		t.Fatalf("Add(\"bolt\", 3) returned error %q, want nil", err)
	}
	tests := []struct {
		name string
		qty  int
	}{
		{"bolt", 4},
		{"nut", 1},
		{"bolt", 0},
		{"bolt", -1},
	}
	for _, tt := range tests {
		if err := inv.Remove(tt.name, tt.qty); err == nil {
			t.Errorf("Remove(%q, %d) with 3 bolts in stock returned a nil error, want an error", tt.name, tt.qty)
		}
	}
	checkStock(t, inv, "the rejected removals", "bolt", 3, 3)
}

func TestInventoriesAreIndependent(t *testing.T) {
	a := open(t, 10)
	b := open(t, 10)
	if err := a.Add("bolt", 5); err != nil {
		t.Fatalf("a.Add(\"bolt\", 5) returned error %q, want nil", err)
	}
	if got := b.Count("bolt"); got != 0 {
		t.Errorf("after adding 5 bolts to inventory a, b.Count(\"bolt\") = %d, want 0", got)
	}
}
