// Package atomicfile replaces files so that a reader, or a crash, sees
// either the old contents or the new ones whole, never a half-written file,
// and checks ahead of a long job that its output can be written at all.
package atomicfile
