// Package dataset is the data path that training, evaluation and prediction
// share: the class labels of a labelled file, the validation split, encoding
// examples with a vocabulary, the examples that augmentation adds to a
// training set, the SHA-256 that a checkpoint records, and rebuilding a
// predictor from a checkpoint.
//
// Labels are kept as the file spells them and sorted, so class i of a model is
// the i-th label in string order. Files that label sentiment "0" and "1", as
// many public data sets do, are shown as "negative" and "positive"
// (DisplayNames); every other label is shown as written.
package dataset
