package main

import "fmt"

// Inventory tracks how many of each item are in stock, up to a total capacity.
type Inventory struct {
	capacity int
	items    map[string]int
}

// NewInventory returns an empty inventory that holds at most capacity items.
func NewInventory(capacity int) (*Inventory, error) {
	if capacity <= 0 {
		return nil, fmt.Errorf("capacity must be positive, got %d", capacity)
	}
	return &Inventory{capacity: capacity, items: make(map[string]int)}, nil
}

// Add puts qty more items called name in stock.
func (inv *Inventory) Add(name string, qty int) error {
	if name == "" {
		return fmt.Errorf("cannot add an item without a name")
	}
	if qty <= 0 {
		return fmt.Errorf("cannot add %d %s: quantity must be positive", qty, name)
	}
	if free := inv.capacity - inv.Total(); qty > free {
		return fmt.Errorf("cannot add %d %s: only %d of %d places free", qty, name, free, inv.capacity)
	}
	inv.items[name] += qty
	return nil
}

// Remove takes qty items called name out of stock.
func (inv *Inventory) Remove(name string, qty int) error {
	if qty <= 0 {
		return fmt.Errorf("cannot remove %d %s: quantity must be positive", qty, name)
	}
	have := inv.items[name]
	if have < qty {
		return fmt.Errorf("cannot remove %d %s: only %d in stock", qty, name, have)
	}
	if have == qty {
		delete(inv.items, name)
	} else {
		inv.items[name] = have - qty
	}
	return nil
}

// Count returns how many items called name are in stock.
func (inv *Inventory) Count(name string) int {
	return inv.items[name]
}

// Total returns how many items are in stock altogether.
func (inv *Inventory) Total() int {
	total := 0
	for _, n := range inv.items {
		total += n
	}
	return total
}

func main() {
	inv, err := NewInventory(10)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(inv.Add("bolt", 6))
	fmt.Println(inv.Add("nut", 5))
	fmt.Println(inv.Remove("bolt", 2))
	fmt.Println(inv.Count("bolt"), inv.Total())
}
