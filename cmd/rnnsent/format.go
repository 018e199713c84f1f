package main

import (
	"strconv"
)

// commas formats a count with thousands separators: 12345 gives "12,345".
func commas(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
