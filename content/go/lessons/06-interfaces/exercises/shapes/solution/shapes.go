package main

import (
	"fmt"
	"math"
)

// Shape is anything that can report its area and perimeter.
type Shape interface {
	Area() float64
	Perimeter() float64
}

// Rect is a rectangle W wide and H high.
type Rect struct {
	W, H float64
}

func (r Rect) Area() float64      { return r.W * r.H }
func (r Rect) Perimeter() float64 { return 2 * (r.W + r.H) }
func (r Rect) String() string     { return fmt.Sprintf("rect %gx%g", r.W, r.H) }

// Circle is a circle of radius R.
type Circle struct {
	R float64
}

func (c Circle) Area() float64      { return math.Pi * c.R * c.R }
func (c Circle) Perimeter() float64 { return 2 * math.Pi * c.R }
func (c Circle) String() string     { return fmt.Sprintf("circle r=%g", c.R) }

// TotalArea adds up the areas of all the shapes.
func TotalArea(shapes []Shape) float64 {
	total := 0.0
	for _, s := range shapes {
		total += s.Area()
	}
	return total
}

// Largest returns the shape with the greatest area (the first one on a tie),
// or nil and false when shapes is empty.
func Largest(shapes []Shape) (Shape, bool) {
	if len(shapes) == 0 {
		return nil, false
	}
	best := shapes[0]
	for _, s := range shapes[1:] {
		if s.Area() > best.Area() {
			best = s
		}
	}
	return best, true
}

func main() {
	shapes := []Shape{Rect{W: 3, H: 4}, Circle{R: 1.5}}
	for _, s := range shapes {
		fmt.Printf("%v: area %.2f, perimeter %.2f\n", s, s.Area(), s.Perimeter())
	}
	fmt.Printf("total area: %.2f\n", TotalArea(shapes))

	if big, ok := Largest(shapes); ok {
		fmt.Println("largest:", big)
	}
}
