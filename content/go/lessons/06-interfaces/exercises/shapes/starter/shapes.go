package main

import "fmt"

// Shape is anything that can report its area and perimeter.
type Shape interface {
	Area() float64
	Perimeter() float64
}

// Rect is a rectangle W wide and H high.
type Rect struct {
	W, H float64
}

func (r Rect) Area() float64      { return 0 }
func (r Rect) Perimeter() float64 { return 0 }
func (r Rect) String() string     { return "" }

// Circle is a circle of radius R.
type Circle struct {
	R float64
}

func (c Circle) Area() float64      { return 0 }
func (c Circle) Perimeter() float64 { return 0 }
func (c Circle) String() string     { return "" }

// TotalArea adds up the areas of all the shapes.
func TotalArea(shapes []Shape) float64 {
	return 0
}

// Largest returns the shape with the greatest area (the first one on a tie),
// or nil and false when shapes is empty.
func Largest(shapes []Shape) (Shape, bool) {
	return nil, false
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
