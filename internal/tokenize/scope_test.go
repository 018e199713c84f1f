package tokenize

import (
	"slices"
	"strings"
	"testing"
)

func TestScope(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       string // one letter a token: n negated, . not
	}{
		{"no negation", "the food was great", "...."},
		{"the rest of the clause after a negation", "the food was n't great at all", "....nnn"},
		{"a negation at the start", "not bad", ".n"},
		{"far from the negation, across an aside", "it was not , to be fair , great", "...nnnnnn"},
		{"a clause end closes the scope", "not great . the acting is good", ".n....."},
		{"a contrast word closes the scope", "not great but superb", ".n.."},
		{"a second negation takes the first back", "it was never not bad", "...n."},
		{"a third negation negates again", "no one would say it was n't not bad", ".nnnnnn.n"},
		{"a negation after a clause end opens a new scope", "great ! but not bad", "....n"},
		{"an empty text", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			tokens := strings.Fields(c.text)
			var scope Scope
			var b strings.Builder
			for _, tok := range tokens {
				b.WriteByte(map[bool]byte{true: 'n', false: '.'}[scope.Read(Role(tok))])
			}
			if b.String() != c.want {
				t.Errorf("%q: scope %s, want %s", c.text, b.String(), c.want)
			}
		})
	}
}

func TestRole(t *testing.T) {
	for _, w := range Negations {
		if Role(w) != Negation {
			t.Errorf("Role(%q) = %d, want Negation", w, Role(w))
		}
	}
	for _, w := range []string{".", "but", "however", ";"} {
		if Role(w) != ClauseEnd {
			t.Errorf("Role(%q) = %d, want ClauseEnd", w, Role(w))
		}
	}
	for _, w := range []string{",", "great", "barely", "nothing-burger", ""} {
		if Role(w) != Plain {
			t.Errorf("Role(%q) = %d, want Plain", w, Role(w))
		}
	}
	if !slices.Equal(Negations[:3], []string{"not", "n't", "no"}) {
		t.Errorf("Negations begin %q: their order is the vocabulary's", Negations[:3])
	}
}
