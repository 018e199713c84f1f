// Command weightsum prints, for each model file named, the SHA-256 of its
// networks' weights as the model loads them, and its configuration: two
// files with the same line hold the same model, whatever else (the date,
// the command line, the file format) differs. bench/identical.sh uses it to
// show that a change to the code left the trained models bit-identical.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"os"

	"github.com/rnnsent/rnnsent/internal/model"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: weightsum MODEL...")
		os.Exit(2)
	}
	status := 0
	for _, path := range os.Args[1:] {
		line, err := weightSum(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "weightsum: %s: %v\n", path, err)
			status = 1
			continue
		}
		fmt.Printf("%s  %s\n", line, path)
	}
	os.Exit(status)
}

func weightSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	c, err := model.Decode(bufio.NewReader(f))
	if err != nil {
		return "", err
	}
	e, err := model.EnsembleFromCheckpoint[float32](c)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	var b [4]byte
	for _, m := range e.Members() {
		for _, p := range m.Params() {
			for _, w := range p.W {
				binary.LittleEndian.PutUint32(b[:], math.Float32bits(w))
				h.Write(b[:])
			}
		}
	}
	return fmt.Sprintf("%x %d networks %+v vocab %d", h.Sum(nil)[:12], len(e.Members()), c.Config, len(c.Vocab)), nil
}
