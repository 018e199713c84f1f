//go:build unix

package atomicfile

import (
	"io/fs"
	"syscall"
)

// owner returns the user id of the file info describes.
func owner(info fs.FileInfo) (int, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}
