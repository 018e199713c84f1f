//go:build race

package gemm

// The race detector makes sync.Pool drop buffers at random.
const raceEnabled = true
