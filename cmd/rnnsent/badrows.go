package main

// skipBadRowsUsage is the help of --skip-bad-rows, shared by the commands
// that read labelled files.
const skipBadRowsUsage = "skip rows with the wrong number of fields, an empty text or label, or a stray quote, and report them, instead of stopping"
