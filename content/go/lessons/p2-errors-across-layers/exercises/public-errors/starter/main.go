package main

import (
	"errors"
	"fmt"
)

// Domain errors, as the storage and service layers return them.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("already exists")
)

// ValidationError reports a problem with one field of the client's input.
type ValidationError struct {
	Field   string
	Problem string
}

func (e *ValidationError) Error() string {
	return e.Field + ": " + e.Problem
}

// PublicError turns err into an HTTP status code and a message that is safe
// to send to the client.
func PublicError(err error) (status int, message string) {
	return 0, ""
}

func main() {
	errs := []error{
		nil,
		fmt.Errorf("order 7: %w", &ValidationError{Field: "qty", Problem: "must be positive"}),
		fmt.Errorf("load user: %w", fmt.Errorf("users.Get 9: %w", ErrNotFound)),
		fmt.Errorf("query: %w", errors.New("pq: password authentication failed")),
	}
	for _, err := range errs {
		status, message := PublicError(err)
		fmt.Printf("%d %q\n", status, message)
	}
}
