// Package csvread reads labelled texts from CSV files: UTF-8 CSV (RFC 4180,
// as encoding/csv reads it) with a header row naming a text column and, for
// training and evaluation, a label column; an optional "category" column is
// passed through. A byte-order mark, blank lines before the header and CRLF
// line ends are accepted, and gzip input is recognised by its first bytes
// rather than its name. Texts may hold any bytes, including NUL and invalid
// UTF-8, which the tokenizer handles. Every problem is a *fileerr.Error
// naming the file and, for a row, its line.
package csvread
