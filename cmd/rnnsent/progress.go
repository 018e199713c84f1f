package main

import (
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress is a bar on standard error while long work runs: the batches of
// an epoch, the bytes of a download.
type progress struct {
	w     io.Writer
	bytes bool // counts bytes, shown as sizes
	bar   *progressbar.ProgressBar
}

// show shows that done of total are done, described by desc.
func (p *progress) show(desc string, done, total int64) {
	if p.bar == nil {
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionShowBytes(p.bytes),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	p.bar.Describe(desc)
	p.bar.Set64(done)
}

// clear removes the bar, if one is showing, so that a line can be printed.
func (p *progress) clear() {
	if p.bar != nil {
		p.bar.Clear()
		p.bar = nil
	}
}
