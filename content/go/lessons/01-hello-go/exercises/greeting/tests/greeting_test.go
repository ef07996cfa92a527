package main

import "testing"

func TestGreetingUsesNameAndCount(t *testing.T) {
	got := Greeting("Ada", 2)
	want := "Hello, Ada! You have had 2 cups of coffee."
	if got != want {
		t.Errorf("Greeting(%q, 2) = %q, want %q", "Ada", got, want)
	}
}

func TestGreetingSaysCupForOne(t *testing.T) {
	got := Greeting("Grace", 1)
	want := "Hello, Grace! You have had 1 cup of coffee."
	if got != want {
		t.Errorf("Greeting(%q, 1) = %q, want %q (one cup, singular)", "Grace", got, want)
	}
}

func TestGreetingGreetsAStranger(t *testing.T) {
	got := Greeting("", 0)
	want := "Hello, stranger! You have had 0 cups of coffee."
	if got != want {
		t.Errorf("Greeting(%q, 0) = %q, want %q (an empty name becomes \"stranger\")", "", got, want)
	}
}
