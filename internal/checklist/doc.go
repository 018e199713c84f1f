// Package checklist is rnnsent's built-in behaviour test of word order, in
// the spirit of CheckList (Ribeiro et al., "Beyond Accuracy: Behavioral
// Testing of NLP Models with CheckList", ACL 2020): short sentences generated
// from templates and word lists, each with the label a reader would give it,
// grouped into categories that a model relying on single words alone cannot
// all pass: eight forms of negation, contrast with but, yet, however,
// although, though and "not", comparisons, intensifiers, hedges and
// questions, with plain sentences as the control.
//
// Cases returns the sentences, always the same ones in the same order: no
// random draws, so that reports of two models, or of one model over time,
// compare case by case. Score turns a model's probabilities into pass rates
// per category and per group (all negations, all contrasts) and a list of
// the most confident mistakes from the probabilities the caller supplies;
// Run takes them from a loaded model (package predict), as rnnsent check
// does.
//
// The templates and word lists are this package's own, written for it and
// drawn from no dataset. The words are common review words, so that a model
// trained on SST-2 or on the demo data knows them and its failures come from
// the constructions.
//
// # Halves
//
// Every case carries its template, and the templates of each category
// alternate between a tuning half and a reporting half (Select). Whatever
// is tuned against the suite (flags, augmentation, data) may look at the
// tuning half; the reporting half, whose sentence shapes tuning never saw,
// gives the figures to publish. Splitting by template rather than by
// sentence matters: two sentences of one template differ by a word or two,
// so a split by sentence would report on shapes that tuning had fitted.
//
// # Contrast pairs
//
// The contrast categories come in pairs of adjacent cases from one template
// whose two sentences hold the same tokens in a different order and have
// opposite labels ("Good, not bad." and "Bad, not good."). A model that sees
// only which tokens occur, such as a bag of words, gives both sentences of a
// pair the same probability and so the same label: it passes exactly one of
// each pair, 50% of each contrast category at best, in either half.
package checklist
