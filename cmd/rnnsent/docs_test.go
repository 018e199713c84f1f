package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestEveryFlagIsDocumented keeps the README's promise of every command and
// flag true as flags come and go: each flag a command's help shows must be
// named in the README's section of that command (the quick start for the
// root command and completion) or in the command's page under docs/.
func TestEveryFlagIsDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	for _, s := range regexp.MustCompile("(?m)^#{2,6} ").Split(string(readme), -1) {
		if m := regexp.MustCompile("^`rnnsent (\\w+)").FindStringSubmatch(s); m != nil {
			sections[m[1]] += s
		} else if strings.HasPrefix(s, "Quick start") {
			sections["rnnsent"], sections["completion"] = s, s
		}
	}
	docsOf := func(c *cobra.Command) string {
		top := strings.Fields(c.CommandPath() + " " + c.Root().Name())[1]
		page, _ := os.ReadFile("../../docs/" + top + ".md")
		return sections[top] + string(page)
	}
	for _, c := range everyCommand() {
		docs := docsOf(c)
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			named := regexp.MustCompile(`--` + regexp.QuoteMeta(f.Name) + `\b`)
			if !f.Hidden && f.Name != "help" && !named.MatchString(docs) {
				t.Errorf("%s --%s: not in the README's section of the command or in its docs page", c.CommandPath(), f.Name)
			}
		})
	}
}
