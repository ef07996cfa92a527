package main

import (
	"errors"
	"slices"
	"testing"
)

func TestGetMissingKeyReturnsErrNotFound(t *testing.T) {
	kv := NewMemKV()
	value, err := kv.Get("missing")
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("on an empty store, Get(%q) = %q, %v; want an error wrapping ErrNotFound", "missing", value, err)
	}
}

func TestSetThenGetReturnsTheValue(t *testing.T) {
	kv := NewMemKV()
	if err := kv.Set("go", "https://go.dev"); err != nil {
		t.Fatalf("Set(%q, %q) = %v, want nil", "go", "https://go.dev", err)
	}
	value, err := kv.Get("go")
	if value != "https://go.dev" || err != nil {
		t.Errorf("after Set(%q, %q), Get(%q) = %q, %v; want %q, nil",
			"go", "https://go.dev", "go", value, err, "https://go.dev")
	}
}

func TestSetReplacesTheValue(t *testing.T) {
	kv := NewMemKV()
	kv.Set("go", "https://go.dev")
	kv.Set("go", "https://pkg.go.dev")
	value, err := kv.Get("go")
	if value != "https://pkg.go.dev" || err != nil {
		t.Errorf("after Set(%q, ...) twice, Get(%q) = %q, %v; want the second value %q, nil",
			"go", "go", value, err, "https://pkg.go.dev")
	}
}

func TestDeleteRemovesTheKey(t *testing.T) {
	kv := NewMemKV()
	kv.Set("go", "https://go.dev")
	if err := kv.Delete("go"); err != nil {
		t.Fatalf("Delete(%q) of an existing key = %v, want nil", "go", err)
	}
	value, err := kv.Get("go")
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("after Delete(%q), Get(%q) = %q, %v; want an error wrapping ErrNotFound", "go", "go", value, err)
	}
}

func TestDeleteMissingKeyReturnsErrNotFound(t *testing.T) {
	kv := NewMemKV()
	err := kv.Delete("missing")
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("on an empty store, Delete(%q) = %v, want an error wrapping ErrNotFound", "missing", err)
	}
}

func TestKeysAreSorted(t *testing.T) {
	kv := NewMemKV()
	if keys := kv.Keys(); len(keys) != 0 {
		t.Errorf("on an empty store, Keys() = %q, want no keys", keys)
	}
	for _, k := range []string{"pear", "apple", "fig", "banana"} {
		kv.Set(k, "fruit")
	}
	kv.Delete("fig")
	want := []string{"apple", "banana", "pear"}
	if keys := kv.Keys(); !slices.Equal(keys, want) {
		t.Errorf("after setting pear, apple, fig, banana and deleting fig, Keys() = %q, want %q", keys, want)
	}
}

func TestStoresAreIndependent(t *testing.T) {
	a, b := NewMemKV(), NewMemKV()
	a.Set("go", "https://go.dev")
	if value, err := b.Get("go"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after a.Set(%q, ...) on one store, another store's Get(%q) = %q, %v; want ErrNotFound (each NewMemKV needs its own map)",
			"go", "go", value, err)
	}
}

func TestLinksAddThenResolve(t *testing.T) {
	links := NewLinks(NewMemKV())
	if err := links.Add("go", "https://go.dev"); err != nil {
		t.Fatalf("Links.Add(%q, %q) on an empty store = %v, want nil", "go", "https://go.dev", err)
	}
	url, err := links.Resolve("go")
	if url != "https://go.dev" || err != nil {
		t.Errorf("after Add, Links.Resolve(%q) = %q, %v; want %q, nil", "go", url, err, "https://go.dev")
	}
}

func TestLinksRejectsTakenCode(t *testing.T) {
	links := NewLinks(NewMemKV())
	links.Add("go", "https://go.dev")
	err := links.Add("go", "https://example.com")
	if !errors.Is(err, ErrCodeTaken) {
		t.Errorf("second Links.Add(%q, ...) = %v, want an error wrapping ErrCodeTaken", "go", err)
	}
	url, _ := links.Resolve("go")
	if url != "https://go.dev" {
		t.Errorf("after a rejected second Add, Links.Resolve(%q) = %q, want the first URL %q", "go", url, "https://go.dev")
	}
}

func TestLinksRemoveThenResolveIsNotFound(t *testing.T) {
	links := NewLinks(NewMemKV())
	links.Add("go", "https://go.dev")
	links.Add("blog", "https://go.dev/blog")
	if err := links.Remove("go"); err != nil {
		t.Fatalf("Links.Remove(%q) = %v, want nil", "go", err)
	}
	if _, err := links.Resolve("go"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after Remove, Links.Resolve(%q) error = %v, want an error wrapping ErrNotFound", "go", err)
	}
	if codes := links.Codes(); !slices.Equal(codes, []string{"blog"}) {
		t.Errorf("after Remove(%q), Links.Codes() = %q, want %q", "go", codes, []string{"blog"})
	}
}
