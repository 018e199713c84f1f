//go:build !amd64 || purego || amd64.v3

package model

// lstmForwardKernel does none of a row's units: this build has no kernel,
// so lstmForward's scalar loop does them all.
func lstmForwardKernel[T Float](P, Q, A, cp, c, tc, h []T) int { return 0 }
