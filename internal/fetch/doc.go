// Package fetch downloads the public sentiment data sets that rnnsent knows
// by name, checks each archive against the SHA-256 recorded here, and
// converts it to rnnsent's CSV: a header "text,label", labels "0" (negative)
// and "1" (positive), one file each for training, validation and test.
//
// Nothing is written until the archive's checksum matches: the download goes
// to a temporary file beside the output, which is removed whatever happens,
// and each CSV file is written atomically (package atomicfile). On an error,
// the files and folders this run created are removed again.
//
// Where a data set has no split of its own, one is made from a hash of each
// text (Split): the same texts always fall into the same file, on every
// machine and Go release, and identical texts never straddle two files, so
// a duplicate cannot leak from training into test.
//
// The package prints nothing; Get reports download progress through a
// callback so that the command can draw a progress bar.
package fetch
