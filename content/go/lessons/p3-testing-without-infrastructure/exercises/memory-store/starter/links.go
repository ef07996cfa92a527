package main

import (
	"errors"
	"fmt"
)

// This file is complete: it is the service the hidden tests drive through your
// fake. You do not need to change it.

// ErrCodeTaken is returned by Links.Add when the short code is already in use.
var ErrCodeTaken = errors.New("code already taken")

// Links is a tiny URL shortener. It keeps code -> URL pairs in a KV store.
type Links struct {
	store KV
}

func NewLinks(store KV) *Links {
	return &Links{store: store}
}

// Add stores url under code, unless the code is already taken.
func (l *Links) Add(code, url string) error {
	_, err := l.store.Get(code)
	if err == nil {
		return fmt.Errorf("add %q: %w", code, ErrCodeTaken)
	}
	if !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("add %q: %w", code, err)
	}
	return l.store.Set(code, url)
}

// Resolve returns the URL stored under code.
func (l *Links) Resolve(code string) (string, error) {
	url, err := l.store.Get(code)
	if err != nil {
		return "", fmt.Errorf("resolve %q: %w", code, err)
	}
	return url, nil
}

// Remove deletes code.
func (l *Links) Remove(code string) error {
	if err := l.store.Delete(code); err != nil {
		return fmt.Errorf("remove %q: %w", code, err)
	}
	return nil
}

// Codes lists every code in use, sorted.
func (l *Links) Codes() []string {
	return l.store.Keys()
}
