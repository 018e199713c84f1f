package train

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

func TestCrewRunsEveryPartOnceBeforeReturning(t *testing.T) {
	for _, size := range []int{1, 2, 3} {
		c := newCrew(size)
		for _, n := range []int{1, 2, 5, 64} {
			t.Run(fmt.Sprintf("crew_of_%d,_%d_parts", size, n), func(t *testing.T) {
				for job := range 50 {
					calls := make([]atomic.Int32, n)
					c.run(n, func(i int) {
						if job%10 == 0 {
							// Late enough that the caller stops spinning and sleeps.
							time.Sleep(2 * crewSpin)
						}
						calls[i].Add(1)
					})
					for i := range calls {
						if got := calls[i].Load(); got != 1 {
							t.Fatalf("job %d: part %d ran %d times by the time run returned", job, i, got)
						}
					}
				}
			})
		}
		c.close()
	}
}
