package main

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"io"
	"os"
	"testing"

	"github.com/rnnsent/rnnsent/internal/atomicfile"
	"github.com/rnnsent/rnnsent/internal/framed"
	"github.com/rnnsent/rnnsent/internal/job"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/train"
)

// savedModel is a model file as the tests read it: the checkpoint and the
// training record it carries.
type savedModel struct {
	*model.Checkpoint
	Record job.Record
}

func decodeModel(t *testing.T, path string) savedModel {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := model.Decode(bufio.NewReader(f))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	r, ok := job.ReadRecord(c)
	if !ok {
		t.Fatalf("%s: no training record", path)
	}
	return savedModel{c, r}
}

// resumeFile is the content of a resume file, read as a crafted file's
// author would: the fields internal/job writes, by name.
type resumeFile struct {
	Options job.Options
	Record  job.Record
	Model   model.Checkpoint
	Weights []model.Tensor
	State   []byte
}

// The resume file's frame, as internal/job writes it.
var resumeFrame = framed.Format{Magic: "RNNSRSUM", What: "resume file", MaxPayload: 8 << 30}

const resumeVersion = 1

func readResumeFile(path string) (*resumeFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	_, payload, err := resumeFrame.Read(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var f resumeFile
	return &f, gob.NewDecoder(bytes.NewReader(payload)).Decode(&f)
}

func decodeResume(t *testing.T, path string) *resumeFile {
	t.Helper()
	f, err := readResumeFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

// editState rewrites the training state in the resume file at path, as a
// crafted file would, with a valid checksum.
func editState(t *testing.T, path string, edit func(*train.State)) {
	t.Helper()
	f := decodeResume(t, path)
	var st train.State
	if err := st.UnmarshalBinary(f.State); err != nil {
		t.Fatal(err)
	}
	edit(&st)
	var err error
	if f.State, err = st.MarshalBinary(); err != nil {
		t.Fatal(err)
	}
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(f); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(path, func(w io.Writer) error {
		return resumeFrame.Write(w, resumeVersion, payload.Bytes())
	}); err != nil {
		t.Fatal(err)
	}
}
