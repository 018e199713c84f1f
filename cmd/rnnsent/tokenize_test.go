package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestTokenizeShowsTokensIDsAndCoverage(t *testing.T) {
	t.Chdir(t.TempDir())
	trainSmall(t)
	c := decodeModel(t, "model.gob")
	id := func(w string) int { return slices.Index(c.Vocab, w) }

	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"tokens only", "", []string{"I wasn't impressed.", "Not bad!"}, "i was n't impressed .\nnot bad !\n"},
		{"tokens from standard input", "It's GREAT\n", nil, "it 's great\n"},
		{"ids from the model", "", []string{"--model", "model.gob", "The film was zzyzx!"},
			fmt.Sprintf("the:%d film:%d was:%d zzyzx:<unk>(n-grams) !:%d\n", id("the"), id("film"), id("was"), id("!"))},
		{"coverage of a file, as train builds the vocabulary (\"was\", reserved, has a place)", "", []string{"--data", "train.csv", "--vocab-size", "5"},
			"train.csv: 60 texts, 300 tokens, 17 distinct\n" +
				"vocabulary: 5 words (as train builds it with --vocab-size 5), with <pad> and <unk>\n" +
				"coverage: 30.0% of tokens; OOV rate 70.0%\n" +
				"top 17 tokens:\n" +
				"    30  !\n    30  .\n    30  a\n    30  the\n    30  was\n    30  what\n" +
				"    12  book\n    12  film\n    12  food\n    12  hotel\n    12  phone\n" +
				"    10  awful\n    10  boring\n    10  dull\n    10  great\n    10  lovely\n    10  superb\n"},
		{"coverage of a file, nothing reserved", "", []string{"--data", "train.csv", "--vocab-size", "5", "--vocab-reserved=false"},
			"train.csv: 60 texts, 300 tokens, 17 distinct\n" +
				"vocabulary: 5 words (as train builds it with --vocab-size 5), with <pad> and <unk>\n" +
				"coverage: 23.3% of tokens; OOV rate 76.7%\n" +
				"top 17 tokens:\n" +
				"    30  !\n    30  .\n    30  a\n    30  the\n    30  was\n    30  what\n" +
				"    12  book\n    12  film\n    12  food\n    12  hotel\n    12  phone\n" +
				"    10  awful\n    10  boring\n    10  dull\n    10  great\n    10  lovely\n    10  superb\n"},
		// "..., which not every row has", of a column that no row has.
		{"coverage of a file, the label column misnamed", "", []string{"--data", "train.csv", "--vocab-size", "5", "--label-col", "Label"},
			"train.csv: 60 texts, 300 tokens, 17 distinct\n" +
				"vocabulary: 5 words (by frequency alone, with --vocab-size 5; train would weigh the labels of a \"Label\" column, which no row has), with <pad> and <unk>\n"},
		{"coverage of a model's vocabulary", "", []string{"--data", "train.csv", "--model", "model.gob"},
			"train.csv: 60 texts, 300 tokens, 17 distinct\n" +
				"vocabulary: 19 words (of model.gob), with <pad> and <unk>\n" +
				"coverage: 100.0% of tokens; OOV rate 0.0%\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCLI(t, tt.stdin, append([]string{"tokenize"}, tt.args...)...)
			if got.code != exitOK || got.stderr != "" {
				t.Fatalf("exit status %d, stderr %q", got.code, got.stderr)
			}
			if !strings.HasPrefix(got.stdout, tt.want) {
				t.Errorf("stdout\n%s\nwant it to start\n%s", got.stdout, tt.want)
			}
		})
	}
}

// TestTokenizeMeasuresTheVocabularyTrainBuilds compares the coverage
// tokenize --data reports with that of the vocabulary of a model train
// built from the same file with the same settings.
func TestTokenizeMeasuresTheVocabularyTrainBuilds(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "train.csv", reviews(binary, false))
	for _, flags := range [][]string{{"--vocab-size", "7"}, {"--vocab-size", "9", "--seed", "3", "--val-split", "0.3"}, {"--vocab-size", "8", "--vocab-informative", "0"}} {
		t.Run(strings.Join(flags, " "), func(t *testing.T) {
			trainSmall(t, append([]string{"--model", "v.gob"}, flags...)...)
			built := runCLI(t, "", append([]string{"tokenize", "--data", "train.csv"}, flags...)...)
			trained := runCLI(t, "", "tokenize", "--data", "train.csv", "--model", "v.gob")
			coverage := func(out string) string { return strings.Split(out, "\n")[2] }
			if built.code != exitOK || coverage(built.stdout) != coverage(trained.stdout) {
				t.Errorf("tokenize --data: %q; train's vocabulary: %q", coverage(built.stdout), coverage(trained.stdout))
			}
		})
	}
}
