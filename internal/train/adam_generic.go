//go:build !amd64 || purego

package train

func adamUpdate(w, g, m, v []float32, c *adamConsts) { adamScalar(w, g, m, v, c) }
