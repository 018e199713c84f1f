// Package checklist is rnnsent's built-in behaviour test of word order, in
// the spirit of CheckList (Ribeiro et al., "Beyond Accuracy: Behavioral
// Testing of NLP Models with CheckList", ACL 2020): short sentences generated
// from templates and word lists, each with the label a reader would give it,
// grouped into categories that a model relying on single words alone cannot
// all pass.
//
// Cases returns the sentences, always the same ones in the same order: no
// random draws, so that reports of two models, or of one model over time,
// compare case by case. Score turns a model's probabilities into pass rates
// per category and a list of the most confident mistakes from the
// probabilities the caller supplies; Run takes them from a loaded model
// (package predict), as rnnsent check does.
//
// The word lists and templates are this package's own and differ on purpose
// from the demo training data (tools/demodata): other subjects, mostly other
// adjectives, other sentence shapes, so that a passing model has learnt the
// construction rather than the sentences.
//
// # Contrast pairs
//
// The contrast category comes in pairs of adjacent cases whose two sentences
// hold the same tokens in a different order and have opposite labels
// ("Good, not bad." and "Bad, not good."). A model that sees only which
// tokens occur, such as a bag of words, gives both sentences of a pair the
// same probability and so the same label: it passes exactly one of each
// pair, 50% of the category at best.
package checklist
