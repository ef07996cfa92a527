package main

import (
	"context"
	"log/slog"
	"os"
)

// RequestLog collects facts about one request while it is handled, and writes
// them as a single log line at the end.
type RequestLog struct {
	method string
	path   string
	attrs  []slog.Attr
}

// NewRequestLog starts the line for a request with the given method and path.
func NewRequestLog(method, path string) *RequestLog {
	return &RequestLog{method: method, path: path}
}

// Add records an attribute for the line. Adding a key that is already
// there replaces its value and keeps its place.
func (l *RequestLog) Add(key string, value any) {
	attr := slog.Any(key, value)
	for i, a := range l.attrs {
		if a.Key == key {
			l.attrs[i] = attr
			return
		}
	}
	l.attrs = append(l.attrs, attr)
}

// Emit writes the line to logger: the message "request", then method, path
// and status, then the added attributes in the order their keys were first
// added. The level is ERROR for a status of 500 or more, WARN for 400 to
// 499, and INFO otherwise.
func (l *RequestLog) Emit(logger *slog.Logger, status int) {
	level := slog.LevelInfo
	switch {
	case status >= 500:
		level = slog.LevelError
	case status >= 400:
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.String("method", l.method),
		slog.String("path", l.path),
		slog.Int("status", status),
	}
	attrs = append(attrs, l.attrs...)
	logger.LogAttrs(context.Background(), level, "request", attrs...)
}

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{}
			}
			return a
		},
	}))

	rl := NewRequestLog("GET", "/orders/17")
	rl.Add("order_id", 17)
	rl.Add("cache_hit", false)
	rl.Add("cache_hit", true)
	rl.Emit(logger, 200)

	rl = NewRequestLog("GET", "/orders/99")
	rl.Add("err", "orders.Get 99: not found")
	rl.Emit(logger, 404)
}
