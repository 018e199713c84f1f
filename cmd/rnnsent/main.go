// Command rnnsent trains recurrent sentiment classifiers and runs them.
package main

import (
	"context"
	"os"
)

func main() {
	env := &Env{IO: systemIO(os.Getenv), Command: os.Args, Getenv: os.Getenv, Interrupt: notifyInterrupt, Reload: notifyReload}
	os.Exit(int(runEnv(context.Background(), env)))
}
