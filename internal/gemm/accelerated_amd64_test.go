//go:build !purego

package gemm

import (
	"testing"

	"golang.org/x/sys/cpu"
)

func TestAcceleratedWhereTheCPUHasAVX2AndFMA(t *testing.T) {
	if want := cpu.X86.HasAVX2 && cpu.X86.HasFMA; Accelerated() != want {
		t.Errorf("Accelerated() = %v on a CPU with AVX2 %v and FMA %v", Accelerated(), cpu.X86.HasAVX2, cpu.X86.HasFMA)
	}
}
