package main

import (
	"embed"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rnnsent/rnnsent/internal/checklist"
	"github.com/rnnsent/rnnsent/internal/human"
	"github.com/rnnsent/rnnsent/internal/model"
)

// helpTemplate is cobra's help and, as in a man page, the exit status scripts rely on.
const helpTemplate = `{{with (or .Long .Short)}}{{. | trimTrailingWhitespaces}}

{{end}}{{if or .Runnable .HasSubCommands}}{{.UsageString}}{{end}}
Exit status:
  0  success
  1  failure at run time: a missing, malformed or unwritable file, a
     training run that diverged or was interrupted (Ctrl-C)
  2  wrong usage: an unknown command or flag, a flag value out of range,
     a training run that would not fit in memory; nothing was run
  130  a second Ctrl-C (or SIGTERM) while train stops: stopped at once
`

// completionExamples shows how to load each shell's completion script.
var completionExamples = map[string]string{
	"bash": `  rnnsent completion bash > /etc/bash_completion.d/rnnsent
  source <(rnnsent completion bash)`,
	"zsh": `  rnnsent completion zsh > "${fpath[1]}/_rnnsent"`,
	"fish": `  rnnsent completion fish | source
  rnnsent completion fish > ~/.config/fish/completions/rnnsent.fish`,
	"powershell": `  rnnsent completion powershell | Out-String | Invoke-Expression`,
}

// finishHelp gives every command the exit status in its help, adds cobra's
// completion command with examples like the other commands', and finishes
// the flags (finishFlags).
func finishHelp(root *cobra.Command) {
	root.SetHelpTemplate(helpTemplate)
	// Cobra prints a failed write of the help unprefixed; runEnv says it.
	help := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c.SetErr(io.Discard); helpArgsError(c) == nil {
			help(c, args)
		}
	})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			c.Args = rootArgs // cobra showed the root's help, status 0, for a topic it lacks
		}
		if c.Name() != "completion" {
			continue
		}
		c.Example = "  rnnsent completion bash > /etc/bash_completion.d/rnnsent"
		// Cobra shows the help for a shell it lacks and exits 0.
		c.Args = func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErrorf("rnnsent completes bash, zsh, fish and powershell, not %q", args[0])
			}
			return nil
		}
		c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
		for _, shell := range c.Commands() { // cobra's own Args exit 1
			shell.Example, shell.Args = completionExamples[shell.Name()], noArgs
		}
	}
	finishFlags(root)
}

// flagValues are the values a flag of that name takes, in every command
// that has it: the same name means the same thing throughout rnnsent.
var flagValues = map[string][]string{
	"format":       outputFormats,
	"input-format": inputFormats,
	"arch":         {model.ArchRecurrent, model.ArchBOW},
	"cell":         {model.CellLSTM, model.CellGRU, model.CellRNN},
	"half":         checklist.Halves,
}

// flagFiles are the file name extensions a flag of that name completes to.
var flagFiles = map[string][]string{
	"model":  {"gob"},
	"data":   {"csv", "gz"},
	"dev":    {"csv", "gz"},
	"plot":   {"png"},
	"resume": {"resume"},
}

// finishFlags registers the completions of flagValues, flagFiles and
// folders for c and the commands under it, and has their integer flags
// read decimal digits alone: pflag read "--epochs 010" as 8, in octal.
func finishFlags(c *cobra.Command) {
	c.Flags().VisitAll(func(f *pflag.Flag) {
		f.Value = human.DecimalFlag(f.Value)
		var err error
		switch values, files := flagValues[f.Name], flagFiles[f.Name]; {
		case values != nil:
			err = c.RegisterFlagCompletionFunc(f.Name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
		case files != nil:
			err = c.MarkFlagFilename(f.Name, files...)
		case f.Name == "dir":
			err = c.MarkFlagDirname(f.Name)
		}
		if err != nil {
			panic(fmt.Sprintf("completion of --%s: %v", f.Name, err))
		}
	})
	for _, sub := range c.Commands() {
		finishFlags(sub)
	}
}

// helpFiles hold each command's long help and examples, NAME.txt for the
// command path with spaces as dashes: prose and examples as a reader sees
// them, kept out of the code that runs the command.
//
//go:embed help/*.txt
var helpFiles embed.FS

// helpSeparator ends the long help and begins the examples in a help file.
const helpSeparator = "\n\nExamples:\n"

// helpParts returns the long help and the examples of the command called
// name; a missing file is a bug that the help tests catch.
func helpParts(name string) (long, example string) {
	b, err := helpFiles.ReadFile("help/" + name + ".txt")
	if err != nil {
		panic("help: " + err.Error())
	}
	long, example, _ = strings.Cut(strings.TrimSuffix(string(b), "\n"), helpSeparator)
	return long, example
}

func helpLong(name string) string    { long, _ := helpParts(name); return long }
func helpExample(name string) string { _, ex := helpParts(name); return ex }
