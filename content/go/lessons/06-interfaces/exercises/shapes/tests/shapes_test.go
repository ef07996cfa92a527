package main

import (
	"fmt"
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestRectAreaAndPerimeter(t *testing.T) {
	cases := []struct {
		r           Rect
		area, perim float64
	}{
		{Rect{W: 3, H: 4}, 12, 14},
		{Rect{W: 1, H: 1}, 1, 4},
		{Rect{W: 2.5, H: 2}, 5, 9},
		{Rect{W: 0, H: 7}, 0, 14},
	}
	for _, c := range cases {
		if got := c.r.Area(); !near(got, c.area) {
			t.Errorf("%#v.Area() = %g, want %g", c.r, got, c.area)
		}
		if got := c.r.Perimeter(); !near(got, c.perim) {
			t.Errorf("%#v.Perimeter() = %g, want %g", c.r, got, c.perim)
		}
	}
}

func TestCircleAreaAndPerimeter(t *testing.T) {
	cases := []struct {
		c           Circle
		area, perim float64
	}{
		{Circle{R: 1}, math.Pi, 2 * math.Pi},
		{Circle{R: 2}, 4 * math.Pi, 4 * math.Pi},
		{Circle{R: 0.5}, math.Pi / 4, math.Pi},
	}
	for _, c := range cases {
		if got := c.c.Area(); !near(got, c.area) {
			t.Errorf("%#v.Area() = %g, want %g (π·r²)", c.c, got, c.area)
		}
		if got := c.c.Perimeter(); !near(got, c.perim) {
			t.Errorf("%#v.Perimeter() = %g, want %g (2·π·r)", c.c, got, c.perim)
		}
	}
}

func TestShapesPrintThemselves(t *testing.T) {
	cases := []struct {
		shape Shape
		want  string
	}{
		{Rect{W: 3, H: 4}, "rect 3x4"},
		{Rect{W: 2.5, H: 1}, "rect 2.5x1"},
		{Circle{R: 1.5}, "circle r=1.5"},
		{Circle{R: 10}, "circle r=10"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(c.shape); got != c.want {
			t.Errorf("fmt.Sprint(%#v) = %q, want %q (does it have a String() string method with a value receiver?)", c.shape, got, c.want)
		}
	}
}

func TestTotalAreaAddsEveryShape(t *testing.T) {
	shapes := []Shape{Rect{W: 3, H: 4}, Circle{R: 1}, Rect{W: 1, H: 2}}
	want := 12 + math.Pi + 2
	if got := TotalArea(shapes); !near(got, want) {
		t.Errorf("TotalArea(rect 3x4, circle r=1, rect 1x2) = %g, want %g", got, want)
	}
}

func TestTotalAreaOfNoShapesIsZero(t *testing.T) {
	if got := TotalArea(nil); got != 0 {
		t.Errorf("TotalArea(nil) = %g, want 0", got)
	}
}

func TestLargestFindsTheBiggestArea(t *testing.T) {
	got, ok := Largest([]Shape{Rect{W: 1, H: 5}, Rect{W: 2, H: 3}, Rect{W: 1, H: 1}})
	want := Rect{W: 2, H: 3}
	if !ok || got != want {
		t.Errorf("Largest(rects 1x5, 2x3, 1x1) = %#v, %v; want %#v, true", got, ok, want)
	}
}

func TestLargestKeepsTheFirstOnATie(t *testing.T) {
	got, ok := Largest([]Shape{Rect{W: 1, H: 1}, Rect{W: 2, H: 3}, Rect{W: 3, H: 2}, Rect{W: 6, H: 1}})
	want := Rect{W: 2, H: 3}
	if !ok || got != want {
		t.Errorf("Largest(rects 1x1, 2x3, 3x2, 6x1) = %#v, %v; want %#v, true (the first of the rects with area 6)", got, ok, want)
	}
}

func TestLargestOfMixedShapes(t *testing.T) {
	got, ok := Largest([]Shape{Rect{W: 3, H: 1}, Circle{R: 1}, Rect{W: 1, H: 2}})
	if !ok || got != (Circle{R: 1}) {
		t.Errorf("Largest([]Shape{rect 3x1, circle r=1, rect 1x2}) = %#v, %v; want main.Circle{R:1}, true (area π beats 3)", got, ok)
	}
}

func TestLargestOfNothingIsNilAndFalse(t *testing.T) {
	got, ok := Largest(nil)
	if ok || got != nil {
		t.Errorf("Largest(nil) = %#v, %v; want nil, false", got, ok)
	}
}
