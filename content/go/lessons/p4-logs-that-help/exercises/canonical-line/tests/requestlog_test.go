package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

// newTestLogger returns a logger that writes text lines without the time into buf.
func newTestLogger(buf *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{}
			}
			return a
		},
	}))
}

func TestEmitWritesMethodPathAndStatus(t *testing.T) {
	var buf bytes.Buffer
	NewRequestLog("GET", "/health").Emit(newTestLogger(&buf), 200)

	want := "level=INFO msg=request method=GET path=/health status=200\n"
	if got := buf.String(); got != want {
		t.Errorf("NewRequestLog(\"GET\", \"/health\").Emit(logger, 200) wrote\n  %q\nwant\n  %q", got, want)
	}
}

func TestEmitAddsAttributesInOrder(t *testing.T) {
	var buf bytes.Buffer
	rl := NewRequestLog("POST", "/orders")
	rl.Add("user", "ada")
	rl.Add("items", 3)
	rl.Add("total_cents", 2599)
	rl.Emit(newTestLogger(&buf), 201)

	want := "level=INFO msg=request method=POST path=/orders status=201 user=ada items=3 total_cents=2599\n"
	if got := buf.String(); got != want {
		t.Errorf("after Add(user), Add(items), Add(total_cents), Emit(logger, 201) wrote\n  %q\nwant\n  %q", got, want)
	}
}

func TestAddSameKeyReplacesValueInPlace(t *testing.T) {
	var buf bytes.Buffer
	rl := NewRequestLog("GET", "/orders/17")
	rl.Add("cache_hit", false)
	rl.Add("order_id", 17)
	rl.Add("cache_hit", true)
	rl.Emit(newTestLogger(&buf), 200)

	want := "level=INFO msg=request method=GET path=/orders/17 status=200 cache_hit=true order_id=17\n"
	if got := buf.String(); got != want {
		t.Errorf("after Add(cache_hit, false), Add(order_id, 17), Add(cache_hit, true), Emit wrote\n  %q\nwant\n  %q (one cache_hit, in its first place, with the last value)", got, want)
	}
}

func TestLevelFollowsStatus(t *testing.T) {
	tests := []struct {
		status int
		level  string
	}{
		{200, "INFO"},
		{302, "INFO"},
		{400, "WARN"},
		{404, "WARN"},
		{499, "WARN"},
		{500, "ERROR"},
		{503, "ERROR"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		NewRequestLog("GET", "/x").Emit(newTestLogger(&buf), tt.status)
		want := "level=" + tt.level + " "
		if got := buf.String(); !strings.HasPrefix(got, want) {
			t.Errorf("Emit(logger, %d) wrote %q, want a line starting with %q", tt.status, got, want)
		}
	}
}

func TestEmitWritesExactlyOneLine(t *testing.T) {
	var buf bytes.Buffer
	rl := NewRequestLog("GET", "/orders/99")
	rl.Add("order_id", 99)
	rl.Add("err", "orders.Get 99: not found")
	rl.Add("cache_hit", false)
	rl.Emit(newTestLogger(&buf), 404)

	if lines := strings.Count(buf.String(), "\n"); lines != 1 {
		t.Errorf("after three Add calls, Emit wrote %d lines, want exactly 1:\n%s", lines, buf.String())
	}
}

func TestRequestLogsAreIndependent(t *testing.T) {
	first := NewRequestLog("GET", "/a")
	first.Add("user", "ada")
	second := NewRequestLog("GET", "/b")

	var buf bytes.Buffer
	second.Emit(newTestLogger(&buf), 200)
	want := "level=INFO msg=request method=GET path=/b status=200\n"
	if got := buf.String(); got != want {
		t.Errorf("a fresh RequestLog for /b, after Add(user) on another one for /a, wrote\n  %q\nwant\n  %q", got, want)
	}
}

func TestValuesKeepTheirTypeInJSON(t *testing.T) {
	var buf bytes.Buffer
	rl := NewRequestLog("GET", "/orders/17")
	rl.Add("items", 3)
	rl.Add("cache_hit", true)
	rl.Emit(slog.New(slog.NewJSONHandler(&buf, nil)), 200)

	var record map[string]any
	if err := json.Unmarshal(buf.Bytes(), &record); err != nil {
		t.Fatalf("Emit with a JSON handler wrote %q, which is not one JSON object: %v", buf.String(), err)
	}
	checks := []struct {
		key  string
		want any
	}{
		{"msg", "request"},
		{"status", float64(200)},
		{"items", float64(3)},
		{"cache_hit", true},
	}
	for _, c := range checks {
		if got := record[c.key]; got != c.want {
			t.Errorf("with a JSON handler, %q is %#v, want %#v (keep values as they are: do not turn them into strings)", c.key, got, c.want)
		}
	}
}
