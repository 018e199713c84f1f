package job

import "testing"

func TestEvalLine(t *testing.T) {
	cases := []struct {
		name, path, dev, want string
	}{
		{"no dev file", "model.gob", "", "evaluate it with: rnnsent eval --model model.gob --data FILE"},
		{"the dev file", "out/m.gob", "data/dev.csv", "evaluate it with: rnnsent eval --model out/m.gob --data data/dev.csv"},
		{"a space is quoted", "my model.gob", "dev set.csv", "evaluate it with: rnnsent eval --model 'my model.gob' --data 'dev set.csv'"},
		{"a quote is escaped", "it's.gob", "", `evaluate it with: rnnsent eval --model 'it'\''s.gob' --data FILE`},
		{"a dollar sign is quoted", "$HOME.gob", "", "evaluate it with: rnnsent eval --model '$HOME.gob' --data FILE"},
		// In single quotes the escape sequence reached the terminal raw.
		{"control characters are escaped", "\x1b]0;x\x07it's\n.gob", "", `evaluate it with: rnnsent eval --model $'\x1b]0;x\ait\'s\n.gob' --data FILE`},
		{"a right-to-left override is escaped", "review\u202eVSC.gob", "", `evaluate it with: rnnsent eval --model $'review\u202eVSC.gob' --data FILE`},
		{"right-to-left text is quoted as it is", "\u05d8\u05d5\u05d1.gob", "", "evaluate it with: rnnsent eval --model '\u05d8\u05d5\u05d1.gob' --data FILE"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := EvalLine(tc.path, tc.dev); got != tc.want {
				t.Errorf("EvalLine(%q, %q) = %q, want %q", tc.path, tc.dev, got, tc.want)
			}
		})
	}
}

// TestResumeCommand: the hints of an interrupted run and of one that
// would overwrite it printed the path bare, so that one with a space
// pasted as two arguments.
func TestResumeCommand(t *testing.T) {
	for path, want := range map[string]string{
		"model.gob.resume":    "rnnsent train --resume model.gob.resume",
		"my model.gob.resume": "rnnsent train --resume 'my model.gob.resume'",
	} {
		if got := ResumeCommand(path); got != want {
			t.Errorf("ResumeCommand(%q) = %q, want %q", path, got, want)
		}
	}
}
