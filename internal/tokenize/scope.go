package tokenize

import "slices"

// Negations are the tokens that negate what follows them in their clause:
// the words whose scope a network with a negation scope marks, and those
// that mark a text as negated already for the augmentation. Their order is
// the order the vocabulary reserves them in, so it must not change.
var Negations = []string{"not", "n't", "no", "never", "nothing", "nobody", "none", "nor", "neither", "without", "hardly"}

// clauseEnds end a clause, and with it the scope of a negation in it:
// "not great, but the acting is superb" negates "great" and not "superb".
// A comma does not: asides sit between commas inside one clause ("it was
// not, to be fair, great").
var clauseEnds = []string{".", "!", "?", ";", ":", "but", "however", "yet", "although", "though", "whereas"}

// ScopeRole is the part a token plays in the scope of a negation.
type ScopeRole uint8

const (
	Plain     ScopeRole = iota // read inside or outside a scope as the tokens before it leave it
	Negation                   // opens a scope, or closes the one it stands in: "never not bad"
	ClauseEnd                  // closes any scope
)

// Role returns the part token plays in a negation's scope.
func Role(token string) ScopeRole {
	switch {
	case slices.Contains(Negations, token):
		return Negation
	case slices.Contains(clauseEnds, token):
		return ClauseEnd
	}
	return Plain
}

// Scope follows a text's negation scope token by token: the zero Scope is
// the state before a text's first token.
type Scope struct{ in bool }

// Read takes the next token's role and reports whether an odd number of
// negations before it in its clause negate it, as the rule of thumb that
// sentiment analysis has long used (Das and Chen 2001, Pang et al. 2002)
// reads them: a negation negates the rest of its clause, and a second
// negation in that clause takes the first back ("it was never not bad").
// A negation itself is read by the negations before it, a clause end is
// outside every scope.
func (s *Scope) Read(r ScopeRole) bool {
	if r == ClauseEnd {
		s.in = false
	}
	negated := s.in
	if r == Negation {
		s.in = !s.in
	}
	return negated
}
