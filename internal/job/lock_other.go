//go:build !unix

package job

import "os"

// lockFile does not lock where there is no flock: two runs on one model
// are then the user's to avoid, as before rnnsent locked.
func lockFile(*os.File) (busy bool, err error) { return false, nil }
