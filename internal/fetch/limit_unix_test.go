//go:build unix

package fetch

import (
	"syscall"
	"testing"
)

// limitFileSize makes a write past n bytes of a file fail (EFBIG, "file
// too large") until the test ends, as a full disk fails it, for root too.
// Go ignores the SIGXFSZ that comes with it.
func limitFileSize(t *testing.T, n uint64) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skipf("cannot read the file size limit: %v", err)
	}
	old := lim
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skipf("cannot limit the file size: %v", err)
	}
	t.Cleanup(func() { syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old) })
}
