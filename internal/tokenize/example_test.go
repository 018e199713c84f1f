package tokenize_test

import (
	"fmt"

	"github.com/rnnsent/rnnsent/internal/tokenize"
)

func ExampleTokenize() {
	fmt.Printf("%q\n", tokenize.Tokenize("I wasn't impressed :(<br />Can’t recommend it…"))
	// Output: ["i" "was" "n't" "impressed" ":(" "ca" "n't" "recommend" "it" "..."]
}

func ExampleVocab_EncodeText() {
	counts := make(map[string]int)
	for _, text := range []string{"Not bad at all.", "Bad, bad film.", "Not a good film."} {
		tokenize.CountTokens(counts, tokenize.Tokenize(text))
	}
	v, err := tokenize.BuildVocab(counts, 6)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Words())
	// Only the last three tokens are kept, and "awful" is unknown.
	fmt.Println(v.EncodeText("This film is not awful.", 3))
	// Output:
	// [<pad> <unk> . bad film not]
	// [5 1 2]
}
