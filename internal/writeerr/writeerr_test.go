package writeerr

import (
	"errors"
	"io"
	"testing"
)

type failing struct{ err error }

func (f failing) Write([]byte) (int, error) { return 0, f.err }

func TestFirst(t *testing.T) {
	full := errors.New("no space left on device")
	cmdErr := errors.New("the command's own error")
	tests := []struct {
		name   string
		out    io.Writer
		writes int
		err    error
		want   error
	}{
		{"no failed write", New(io.Discard), 2, nil, nil},
		{"a failed write the command did not check", New(failing{full}), 2, nil, full},
		{"the command's error comes first", New(failing{full}), 1, cmdErr, cmdErr},
		{"a stream that is not a Writer", failing{full}, 1, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range tt.writes {
				tt.out.Write([]byte("x\n"))
			}
			if got := First(tt.err, tt.out); got != tt.want {
				t.Errorf("First = %v, want %v", got, tt.want)
			}
		})
	}
}
