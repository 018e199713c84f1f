//go:build !amd64 || purego

package gemm

import "testing"

func TestPortableBuildIsNotAccelerated(t *testing.T) {
	if Accelerated() {
		t.Error("Accelerated() = true in a build with only the portable kernel")
	}
}
