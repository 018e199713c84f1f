package predict

import (
	"slices"
	"sync"
	"testing"
)

// Copies run at the same time give the answers of the original.
func TestCopyAnswersAsTheOriginalAtTheSameTime(t *testing.T) {
	p, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"Not bad!", "Not as good as I expected.", "A wonderful, moving film."}
	want, err := p.Texts(texts, 8)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 2 {
		q, err := p.Copy()
		if err != nil {
			t.Fatal(err)
		}
		if q.Model == p.Model || q.Name != p.Name {
			t.Fatalf("the copy shares the networks (%v) or has another name (%q)", q.Model == p.Model, q.Name)
		}
		wg.Go(func() {
			for range 20 {
				got, err := q.Texts(texts, 8)
				if err != nil {
					t.Error(err)
					return
				}
				for i := range got {
					if !slices.Equal(got[i], want[i]) {
						t.Errorf("%q: %v from a copy, %v from the original", texts[i], got[i], want[i])
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
