package predict

import (
	"syscall"
	"unsafe"
)

// hugePage is the size of an x86-64 or arm64 transparent huge page.
const hugePage = 2 << 20

// modelBuffer returns n bytes to read a model file into. Read into fresh
// memory, a default-sized model (4 MB) costs a page fault per 4 kB page, a
// thousand in all, which took more time than the rest of "rnnsent
// predict" spends on the file; backed by huge pages, it costs two. So a
// buffer of a huge page or more starts at a huge-page boundary and asks
// for them (the kernel may say no, as with transparent huge pages off,
// and the buffer works the same).
func modelBuffer(n int) []byte {
	if n < hugePage {
		return make([]byte, n)
	}
	raw := make([]byte, n+hugePage)
	off := hugePage - int(uintptr(unsafe.Pointer(unsafe.SliceData(raw)))%hugePage)
	buf := raw[off : off+n : off+n]
	syscall.Madvise(buf, syscall.MADV_HUGEPAGE)
	return buf
}
