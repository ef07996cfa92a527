package main

import (
	"errors"
	"fmt"
)

// ErrNotFound is returned, possibly wrapped, when a key does not exist.
var ErrNotFound = errors.New("not found")

// KV is the storage the Links service needs. In production a database or
// Redis implements it; in tests, your MemKV does.
type KV interface {
	// Get returns the value stored under key, or an error wrapping
	// ErrNotFound if there is none.
	Get(key string) (string, error)
	// Set stores value under key, replacing any previous value.
	Set(key, value string) error
	// Delete removes key, or returns an error wrapping ErrNotFound if
	// there is none.
	Delete(key string) error
	// Keys returns every key, sorted in increasing order.
	Keys() []string
}

// MemKV is an in-memory fake of KV.
type MemKV struct {
	// Add the fields you need.
}

// The compiler checks here that *MemKV has every method of KV.
var _ KV = (*MemKV)(nil)

// NewMemKV returns an empty store, ready to use.
func NewMemKV() *MemKV {
	return &MemKV{}
}

func (m *MemKV) Get(key string) (string, error) {
	return "", nil
}

func (m *MemKV) Set(key, value string) error {
	return nil
}

func (m *MemKV) Delete(key string) error {
	return nil
}

func (m *MemKV) Keys() []string {
	return nil
}

func main() {
	links := NewLinks(NewMemKV())
	fmt.Println(links.Add("go", "https://go.dev"))
	fmt.Println(links.Add("go", "https://example.com"))
	url, err := links.Resolve("go")
	fmt.Printf("%q %v\n", url, err)
	url, err = links.Resolve("nope")
	fmt.Printf("%q %v\n", url, err)
	fmt.Println(links.Codes())
}
