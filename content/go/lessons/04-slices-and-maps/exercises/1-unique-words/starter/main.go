package main

import "fmt"

// Unique returns the distinct words of words, sorted alphabetically.
// It does not change words.
func Unique(words []string) []string {
	return nil
}

func main() {
	tags := []string{"go", "web", "api", "go", "web"}
	fmt.Println(Unique(tags))
	fmt.Println(tags)
}
