//go:build !amd64 || purego

package gemm

// defaultImpl is the impl Sgemm uses.
var defaultImpl = generic
