//go:build !amd64 || purego

package model

// addKernelTo adds none of src: this build has no kernel, so addTo's
// scalar loop adds it all.
func addKernelTo[T Float](dst, src []T) int { return 0 }
