// Package inspect shows what the cells of a recurrent network do with what
// they read: how much of the loss's gradient reaches each hidden state as
// it flows back through time, and how far the gates of the LSTM and the
// GRU open at each token. Experiment trains each cell on a synthetic task
// whose answer lies at the start of a long text, which a simple RNN cannot
// learn because that gradient vanishes on its way there; ReadGradients and
// ReadGates measure any model on any text. It returns numbers and reports,
// which write themselves as text, JSON or a picture to the writer they are
// given, and prints nothing.
package inspect
