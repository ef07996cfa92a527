package main

import "fmt"

// IsLeap reports whether year is a leap year in the Gregorian calendar.
func IsLeap(year int) bool {
	if year%400 == 0 {
		return true
	}
	if year%100 == 0 {
		return false
	}
	return year%4 == 0
}

// DaysIn returns the number of days in month (1-12) of year, or 0 for a bad month.
func DaysIn(month, year int) int {
	switch month {
	case 2:
		if IsLeap(year) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	case 1, 3, 5, 7, 8, 10, 12:
		return 31
	default:
		return 0
	}
}

func main() {
	fmt.Println("2024 is a leap year:", IsLeap(2024))
	fmt.Println("February 2024 has", DaysIn(2, 2024), "days")
	fmt.Println("February 2026 has", DaysIn(2, 2026), "days")
	fmt.Println("April 2026 has", DaysIn(4, 2026), "days")
}
