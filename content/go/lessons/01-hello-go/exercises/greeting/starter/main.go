package main

import "fmt"

// Greeting returns a friendly line about how much coffee name has had.
func Greeting(name string, cups int) string {
	return ""
}

func main() {
	fmt.Println(Greeting("Ada", 2))
	fmt.Println(Greeting("Grace", 1))
	fmt.Println(Greeting("", 0))
}
