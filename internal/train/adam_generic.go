//go:build !amd64 || purego || amd64.v3

package train

func adamUpdate(w, g, m, v []float32, c *adamConsts) { adamScalar(w, g, m, v, c) }
