package main

import "fmt"

// Inventory tracks how many of each item are in stock, up to a total capacity.
type Inventory struct {
	capacity int
	items    map[string]int
}

// NewInventory returns an empty inventory that holds at most capacity items.
func NewInventory(capacity int) (*Inventory, error) {
	return nil, nil
}

// Add puts qty more items called name in stock.
func (inv *Inventory) Add(name string, qty int) error {
	return nil
}

// Remove takes qty items called name out of stock.
func (inv *Inventory) Remove(name string, qty int) error {
	return nil
}

// Count returns how many items called name are in stock.
func (inv *Inventory) Count(name string) int {
	return 0
}

// Total returns how many items are in stock altogether.
func (inv *Inventory) Total() int {
	return 0
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
