// Package model holds rnnsent's networks: an embedding, a stack of recurrent
// layers (LSTM, GRU or simple RNN, optionally bidirectional) or a bag-of-words
// encoder, and a dense output layer, with hand-written forward and backward
// passes and the checkpoint format that stores them.
//
// Dimension letters used in shape comments:
//
//	B batch, T time steps, N tokens in a packed batch (the sum of the lengths),
//	E embedding width, H hidden units, G gates per cell (LSTM 4, GRU 3, RNN 1),
//	D input width of a layer, V vocabulary, K outputs (1 for a binary model).
//
// Batches are packed the way PyTorch's packed sequences are: sequences sorted
// by length, longest first, laid out time-major, and at step t only the n_t
// sequences still running take part. No padding ever enters a cell, so a
// sentence scores the same alone as inside a batch of longer ones.
//
// The cells follow the standard equations of Keras and PyTorch. LSTM (gate
// order i, f, g, o): i = σ(·), f = σ(·), g = tanh(·), o = σ(·),
// c = f⊙c' + i⊙g, h = o⊙tanh(c). GRU (PyTorch's, Keras reset_after=True;
// gate order r, z, n): n = tanh(Wₙx + bₙ + r⊙(Uₙh' + b'ₙ)), h = (1−z)⊙n + z⊙h'.
// Simple RNN: h = tanh(Wx + b + Uh' + b'). Each cell has an input bias and a
// recurrent bias, as PyTorch does, so PyTorch weights map one to one.
//
// The package knows nothing of files, flags or terminals: checkpoints are
// encoded to an io.Writer and decoded from an io.Reader.
package model
