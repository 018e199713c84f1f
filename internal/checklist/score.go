package checklist

import (
	"cmp"
	"fmt"
	"slices"
)

// Result is a case and what the model made of it.
type Result struct {
	Case
	Got         string  // the label the model chose
	Probability float64 // the model's probability of Got
}

// Passed reports whether the model chose the case's label.
func (r Result) Passed() bool { return r.Got == r.Label }

// Tally counts the cases of one category, or of all, and those passed.
type Tally struct {
	Name      string
	N, Passed int
}

// PassRate is the share of cases passed.
func (t Tally) PassRate() float64 { return float64(t.Passed) / float64(t.N) }

// Report is the outcome of a model on a set of cases.
type Report struct {
	Half       string   // the half of the suite the cases come from
	Categories []Tally  // in the order of Categories, those with cases
	Groups     []Tally  // in the order of Groups, those with cases
	All        Tally    // every case
	Failures   []Result // the failed cases, most confident first
}

// Score judges cases by positive[i], the model's probability that
// cases[i] is positive: above 0.5 it chose positive, otherwise negative,
// as an argmax over (negative, positive) breaks a tie.
func Score(cases []Case, positive []float64) Report {
	if len(positive) != len(cases) {
		panic(fmt.Sprintf("checklist: %d probabilities for %d cases", len(positive), len(cases)))
	}
	tallies := map[string]*Tally{}
	r := Report{All: Tally{Name: "all"}}
	for i, c := range cases {
		res := Result{Case: c, Got: Negative, Probability: 1 - positive[i]}
		if positive[i] > 0.5 {
			res.Got, res.Probability = Positive, positive[i]
		}
		t := tallyOf(tallies, c.Category)
		t.N++
		r.All.N++
		if res.Passed() {
			t.Passed++
			r.All.Passed++
		} else {
			r.Failures = append(r.Failures, res)
		}
	}
	groups := map[string]*Tally{}
	for _, c := range Categories {
		t := tallies[c.Name]
		if t == nil {
			continue
		}
		r.Categories = append(r.Categories, *t)
		if c.Group != "" {
			g := tallyOf(groups, c.Group)
			g.N += t.N
			g.Passed += t.Passed
		}
	}
	for _, name := range Groups {
		if g := groups[name]; g != nil {
			r.Groups = append(r.Groups, *g)
		}
	}
	// Stable, so that equally confident mistakes keep the order of Cases.
	slices.SortStableFunc(r.Failures, func(a, b Result) int { return cmp.Compare(b.Probability, a.Probability) })
	return r
}

// tallyOf is the tally called name in m, added when missing.
func tallyOf(m map[string]*Tally, name string) *Tally {
	t := m[name]
	if t == nil {
		t = &Tally{Name: name}
		m[name] = t
	}
	return t
}
