// Command rnnsent trains recurrent sentiment classifiers and runs them.
package main

import (
	"context"
	"os"
)

func main() { os.Exit(int(run(context.Background(), os.Args[1:], systemIO()))) }
