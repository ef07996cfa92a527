package main

import "fmt"

// Greeting returns a friendly line about how much coffee name has had.
func Greeting(name string, cups int) string {
	if name == "" {
		name = "stranger"
	}
	word := "cups"
	if cups == 1 {
		word = "cup"
	}
	return fmt.Sprintf("Hello, %s! You have had %d %s of coffee.", name, cups, word)
}

func main() {
	fmt.Println(Greeting("Ada", 2))
	fmt.Println(Greeting("Grace", 1))
	fmt.Println(Greeting("", 0))
}
