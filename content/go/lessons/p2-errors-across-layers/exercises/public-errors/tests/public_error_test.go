package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// describe shows an error in failure messages: its text quoted, or nil.
func describe(err error) string {
	if err == nil {
		return "nil"
	}
	return fmt.Sprintf("error %q", err.Error())
}

func TestPublicError(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		wantStatus  int
		wantMessage string
	}{
		{"nil error is 200 OK", nil, 200, "OK"},
		{"bare ErrNotFound is 404", ErrNotFound, 404, "not found"},
		{
			"ErrNotFound wrapped twice is 404",
			fmt.Errorf("load user: %w", fmt.Errorf("users.Get 9: %w", ErrNotFound)),
			404, "not found",
		},
		{
			"wrapped ErrConflict is 409",
			fmt.Errorf("users.Create %q: %w", "ada@example.com", ErrConflict),
			409, "already exists",
		},
		{
			"wrapped ValidationError is 400 with its field and problem",
			fmt.Errorf("order 7: %w", &ValidationError{Field: "qty", Problem: "must be positive"}),
			400, "invalid qty: must be positive",
		},
		{
			"ValidationError is checked before the sentinels",
			errors.Join(ErrNotFound, &ValidationError{Field: "email", Problem: "is required"}),
			400, "invalid email: is required",
		},
		{
			"wrapped context.DeadlineExceeded is 504",
			fmt.Errorf("users.Get 3: %w", context.DeadlineExceeded),
			504, "request timed out",
		},
		{
			"ErrConflict joined with another error is 409",
			errors.Join(errors.New("cache: stale entry"), ErrConflict),
			409, "already exists",
		},
		{
			"unknown error is 500",
			errors.New("disk full"),
			500, "internal error",
		},
		{
			"error that only mentions not found in its text is 500",
			fmt.Errorf("load user: %v", ErrNotFound),
			500, "internal error",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, message := PublicError(tt.err)
			if status != tt.wantStatus || message != tt.wantMessage {
				t.Errorf("PublicError(%s) = (%d, %q), want (%d, %q)",
					describe(tt.err), status, message, tt.wantStatus, tt.wantMessage)
			}
		})
	}
}

func TestPublicErrorHidesInternalDetails(t *testing.T) {
	cause := errors.New(`pq: password authentication failed for user "admin" at 10.0.0.5`)
	err := fmt.Errorf("users.Get 4: %w", cause)
	status, message := PublicError(err)
	if status != 500 {
		t.Errorf("PublicError(%s) returned status %d, want 500", describe(err), status)
	}
	for _, secret := range []string{"pq", "password", "admin", "10.0.0.5", "users.Get"} {
		if strings.Contains(message, secret) {
			t.Errorf("PublicError(%s) returned message %q, which reveals %q; a 500 must say only %q",
				describe(err), message, secret, "internal error")
		}
	}
}
