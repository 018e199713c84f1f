//go:build !linux

package predict

// modelBuffer returns n bytes to read a model file into.
func modelBuffer(n int) []byte { return make([]byte, n) }
