//go:build unix

// Package fsfault makes writes fail in tests the way a full disk makes
// them fail, without a disk to fill or a mount, which need root.
package fsfault

import (
	"syscall"
	"testing"
)

// LimitFileSize makes a write past n bytes of a file fail (EFBIG, "file
// too large"), as a full disk fails it, for root too, until the function it
// returns is called (or the test ends). Go ignores the SIGXFSZ that comes
// with it. The test binary's own log is a file too: n must be far above
// its size, and the limit lifted as soon as the fault has bitten.
func LimitFileSize(t testing.TB, n uint64) (restore func()) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skipf("cannot read the file size limit: %v", err)
	}
	old := lim
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skipf("cannot limit the file size: %v", err)
	}
	restore = func() { syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old) }
	t.Cleanup(restore)
	return restore
}
