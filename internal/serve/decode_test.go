package serve

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

var testLimits = limits{maxTexts: 3, maxTextBytes: 20}

func TestDecodeV2(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		want       request
		wantStatus int    // 0: no error
		wantErr    string // in the message
	}{
		{"one text",
			`{"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["Not bad!"]}]}`,
			request{texts: []string{"Not bad!"}}, 0, ""},
		{"id, trace and the outputs asked for",
			`{"id": "r1", "parameters": {"trace": true}, "outputs": [{"name": "label"}],
			  "inputs": [{"name": "text", "shape": [2], "datatype": "BYTES", "data": ["a", "b"]}]}`,
			request{id: "r1", texts: []string{"a", "b"}, trace: true, outputs: []string{"label"}}, 0, ""},
		{"members the protocol has and rnnsent does not use",
			`{"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["a"], "parameters": {"x": 1}}], "extra": 2}`,
			request{texts: []string{"a"}}, 0, ""},
		{"malformed JSON", `{"inputs": [`, request{}, 400, "malformed JSON"},
		// Each told in Go's words: "cannot unmarshal number into Go struct
		// field v2Request.id of type string", "... of type []serve.v2Input".
		{"not an object", `["a"]`, request{}, 400, "malformed JSON: the body holds an array where an object goes"},
		{"id a number", `{"id": 42, "inputs": []}`, request{}, 400, `malformed JSON: "id" holds a number where a string goes`},
		{"inputs an object", `{"inputs": {"name": "text"}}`, request{}, 400, `malformed JSON: "inputs" holds an object where an array goes`},
		{"shape of fractions", `{"inputs": [{"name": "text", "shape": [1.5], "datatype": "BYTES", "data": ["a"]}]}`,
			request{}, 400, `malformed JSON: "inputs.shape" holds a number where a whole number goes`},
		{"trailing data", `{"inputs": []} {}`, request{}, 400, "malformed JSON"},
		{"empty body", ``, request{}, 400, "malformed JSON"},
		{"null", `null`, request{}, 400, "want one input"},
		{"no inputs", `{"inputs": []}`, request{}, 400, "want one input"},
		{"two inputs",
			`{"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["a"]}, {"name": "text", "shape": [1], "datatype": "BYTES", "data": ["b"]}]}`,
			request{}, 400, "got 2 inputs"},
		{"other input name", `{"inputs": [{"name": "input_ids", "shape": [1], "datatype": "BYTES", "data": ["a"]}]}`,
			request{}, 400, `unknown input "input_ids"`},
		{"wrong datatype", `{"inputs": [{"name": "text", "shape": [1], "datatype": "FP32", "data": [1.5]}]}`,
			request{}, 400, `datatype "FP32"`},
		{"two dimensions", `{"inputs": [{"name": "text", "shape": [1, 1], "datatype": "BYTES", "data": ["a"]}]}`,
			request{}, 400, "want [N]"},
		{"shape and data disagree", `{"inputs": [{"name": "text", "shape": [3], "datatype": "BYTES", "data": ["a"]}]}`,
			request{}, 400, "shape [3] but 1 string of data"}, // "1 strings", before
		{"shape and data disagree, more data", `{"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["a", "b"]}]}`,
			request{}, 400, "shape [1] but 2 strings of data"},
		{"negative shape", `{"inputs": [{"name": "text", "shape": [-1], "datatype": "BYTES", "data": ["a"]}]}`,
			request{}, 400, "shape [-1]"},
		{"data not strings", `{"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": [7]}]}`,
			request{}, 400, "array of strings"},
		// Refused, where Go would decode a null as the empty string, which is
		// answered: a caller's missing text is not one with no words.
		{"a null among the data", `{"inputs": [{"name": "text", "shape": [2], "datatype": "BYTES", "data": ["a", null]}]}`,
			request{}, 400, "array of strings"},
		{"no data", `{"inputs": [{"name": "text", "shape": [0], "datatype": "BYTES"}]}`,
			request{}, 400, "array of strings"},
		{"no texts", `{"inputs": [{"name": "text", "shape": [0], "datatype": "BYTES", "data": []}]}`,
			request{}, 400, "no texts"},
		{"trace not a boolean",
			`{"parameters": {"trace": "yes"}, "inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["a"]}]}`,
			request{}, 400, `"trace" must be true or false`},
		{"unknown output",
			`{"outputs": [{"name": "logits"}], "inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["a"]}]}`,
			request{}, 400, `unknown output "logits"`},
		{"too many texts", `{"inputs": [{"name": "text", "shape": [4], "datatype": "BYTES", "data": ["a", "b", "c", "d"]}]}`,
			request{}, 413, "4 texts in one request; this server takes at most 3"},
		{"text too long", `{"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["` + strings.Repeat("x", 21) + `"]}]}`,
			request{}, 413, "text 0 is 21 bytes long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeV2([]byte(tt.body), testLimits)
			checkDecoded(t, got, err, tt.want, tt.wantStatus, tt.wantErr)
		})
	}
}

func TestDecodeV1(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		want       request
		wantStatus int
		wantErr    string
	}{
		{"texts", `{"instances": ["Not bad!", "Dull."]}`, request{texts: []string{"Not bad!", "Dull."}}, 0, ""},
		{"malformed JSON", `{"instances": ["a"`, request{}, 400, "malformed JSON"},
		{"rows of the named input", `{"instances": [{"text": "Not bad!"}, {"text": "Dull."}]}`, request{texts: []string{"Not bad!", "Dull."}}, 0, ""},
		// TF-Serving's columnar format was refused: "instances" must be an array of strings.
		{"columns", `{"inputs": ["Not bad!", "Dull."]}`, request{texts: []string{"Not bad!", "Dull."}, columnar: true}, 0, ""},
		{"columns of the named input", `{"inputs": {"text": ["Not bad!"]}}`, request{texts: []string{"Not bad!"}, columnar: true}, 0, ""},
		{"rows and columns", `{"instances": ["a"], "inputs": ["a"]}`, request{}, 400, `give "instances" (rows) or "inputs" (columns), not both`},
		{"neither", `{"texts": ["a"]}`, request{}, 400, `"instances" must be an array of strings or of {"text": string} objects`},
		{"columns of another input", `{"inputs": {"review": ["a"]}}`, request{}, 400, `"inputs" must be an array of strings or {"text": [strings]}`},
		{"columns of two inputs", `{"inputs": {"text": ["a"], "id": ["1"]}}`, request{}, 400, `"inputs" must be`},
		{"a null among the columns", `{"inputs": ["a", null]}`, request{}, 400, `"inputs" must be`},
		{"no columns", `{"inputs": {"text": []}}`, request{}, 400, "no texts"},
		{"objects of another input", `{"instances": [{"review": "a"}]}`, request{}, 400, "array of strings"},
		{"objects of two inputs", `{"instances": [{"text": "a", "id": 1}]}`, request{}, 400, "array of strings"},
		{"an object with a null text", `{"instances": [{"text": null}]}`, request{}, 400, "array of strings"},
		{"an object among strings", `{"instances": ["a", {"text": "b"}]}`, request{}, 400, "array of strings"},
		{"a string, not an array", `{"instances": "a"}`, request{}, 400, "array of strings"},
		{"a null among them", `{"instances": [null, "a"]}`, request{}, 400, "array of strings"},
		{"empty", `{"instances": []}`, request{}, 400, "no texts"},
		{"too many", `{"instances": ["a", "b", "c", "d"]}`, request{}, 413, "at most 3 (--max-texts)"},
		{"too long", `{"instances": ["` + strings.Repeat("é", 11) + `"]}`, request{}, 413, "text 0 is 22 bytes long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeV1([]byte(tt.body), testLimits)
			checkDecoded(t, got, err, tt.want, tt.wantStatus, tt.wantErr)
		})
	}
}

func checkDecoded(t *testing.T, got request, err *apiError, want request, wantStatus int, wantErr string) {
	t.Helper()
	if wantStatus == 0 {
		if err != nil {
			t.Fatalf("error %d %q", err.status, err.msg)
		}
		if got.id != want.id || got.trace != want.trace || got.columnar != want.columnar || !slices.Equal(got.texts, want.texts) || !slices.Equal(got.outputs, want.outputs) {
			t.Errorf("got %+v, want %+v", got, want)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want %d %q", wantStatus, wantErr)
	}
	if err.status != wantStatus || !strings.Contains(err.msg, wantErr) {
		t.Errorf("error %d %q, want %d with %q", err.status, err.msg, wantStatus, wantErr)
	}
	if http.StatusText(err.status) == "" {
		t.Errorf("status %d is not an HTTP status", err.status)
	}
}
