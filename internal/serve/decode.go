package serve

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/rnnsent/rnnsent/internal/human"
)

// request is an inference request as the batcher takes it, whichever API
// shape it came in.
type request struct {
	id    string
	texts []string
	trace bool
	// outputs are the v2 outputs asked for by name; nil asks for all.
	outputs []string
	// columnar is a v1 request in TF-Serving's columnar format, whose
	// answer is columns too.
	columnar bool
}

// limits bound what one request may ask for.
type limits struct {
	maxTexts, maxTextBytes int
}

// apiError is an error answered as {"error": msg} with status.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, a ...any) *apiError {
	return &apiError{http.StatusBadRequest, fmt.Sprintf(format, a...)}
}

// malformed is the answer to a body json.Unmarshal refused, a member of
// the wrong type told in the API's words: Go's named its own types
// ("cannot unmarshal number into Go struct field v2Request.id of type
// string").
func malformed(err error) *apiError {
	te, ok := errors.AsType[*json.UnmarshalTypeError](err)
	if !ok {
		return badRequest("malformed JSON: %v", err)
	}
	where := "the body"
	if te.Field != "" {
		where = strconv.Quote(te.Field)
	}
	kind, _, _ := strings.Cut(te.Value, " ") // "number 1.5"
	got := map[string]string{"number": "a number", "string": "a string", "object": "an object", "array": "an array", "bool": "true or false"}[kind]
	want := "a string" // the kinds of the requests' fields
	switch te.Type.Kind() {
	case reflect.Int64:
		want = "a whole number"
	case reflect.Slice:
		want = "an array"
	case reflect.Struct, reflect.Map:
		want = "an object"
	}
	return badRequest("malformed JSON: %s holds %s where %s goes", where, cmp.Or(got, te.Value), want)
}

// v2Outputs are the outputs of an Open Inference Protocol response, in
// the order they are given.
var v2Outputs = []string{"label", "probabilities"}

// v2Request is an Open Inference Protocol v2 inference request. Members
// the protocol defines but rnnsent does not use are ignored, as the
// protocol asks.
type v2Request struct {
	ID         string                     `json:"id"`
	Parameters map[string]json.RawMessage `json:"parameters"`
	Inputs     []v2Input                  `json:"inputs"`
	Outputs    []struct {
		Name string `json:"name"`
	} `json:"outputs"`
}

type v2Input struct {
	Name     string          `json:"name"`
	Shape    []int64         `json:"shape"`
	Datatype string          `json:"datatype"`
	Data     json.RawMessage `json:"data"`
}

// decodeV2 reads the body of POST /v2/models/{name}/infer: one input
// "text" of datatype BYTES and shape [N], N strings in its data, and
// optionally the parameter "trace" and the outputs wanted.
func decodeV2(body []byte, lim limits) (request, *apiError) {
	var in v2Request
	if err := json.Unmarshal(body, &in); err != nil {
		return request{}, malformed(err)
	}
	if len(in.Inputs) != 1 {
		return request{}, badRequest("want one input, \"text\", got %d inputs", len(in.Inputs))
	}
	t := in.Inputs[0]
	switch {
	case t.Name != "text":
		return request{}, badRequest("unknown input %q: the model takes one input, \"text\"", t.Name)
	case t.Datatype != "BYTES":
		return request{}, badRequest("input \"text\" has datatype %q, want \"BYTES\"", t.Datatype)
	case len(t.Shape) != 1:
		return request{}, badRequest("input \"text\" has shape %v, want [N], one dimension", t.Shape)
	}
	texts, ok := decodeTexts(t.Data)
	if !ok {
		return request{}, badRequest("the data of input \"text\" must be an array of strings")
	}
	if t.Shape[0] != int64(len(texts)) {
		return request{}, badRequest("input \"text\" has shape [%d] but %s of data", t.Shape[0], human.Count(len(texts), "string", "strings"))
	}
	req := request{id: in.ID, texts: texts}
	if raw, ok := in.Parameters["trace"]; ok {
		if err := json.Unmarshal(raw, &req.trace); err != nil {
			return request{}, badRequest("parameter \"trace\" must be true or false")
		}
	}
	for _, o := range in.Outputs {
		if !slices.Contains(v2Outputs, o.Name) {
			return request{}, badRequest("unknown output %q: the outputs are \"label\" and \"probabilities\"", o.Name)
		}
		req.outputs = append(req.outputs, o.Name)
	}
	return req, checkTexts(texts, lim)
}

// v1Request is the TF-Serving (and KServe v1) request: rows in
// "instances", or, in TF-Serving's columnar format, "inputs".
type v1Request struct {
	Instances json.RawMessage `json:"instances"`
	Inputs    json.RawMessage `json:"inputs"`
}

// decodeV1 reads the body of POST /v1/models/{name}:predict. The one input
// is "text", so each row is a string or {"text": string}, and the columns
// are an array of strings or {"text": [string, ...]}:
//
//	{"instances": ["text", ...]}   {"instances": [{"text": "text"}, ...]}
//	{"inputs": ["text", ...]}      {"inputs": {"text": ["text", ...]}}
func decodeV1(body []byte, lim limits) (request, *apiError) {
	var in v1Request
	if err := json.Unmarshal(body, &in); err != nil {
		return request{}, malformed(err)
	}
	switch {
	case in.Instances != nil && in.Inputs != nil:
		return request{}, badRequest("give \"instances\" (rows) or \"inputs\" (columns), not both")
	case in.Inputs != nil:
		texts, ok := decodeColumns(in.Inputs)
		if !ok {
			return request{}, badRequest("\"inputs\" must be an array of strings or {\"text\": [strings]}")
		}
		return request{texts: texts, columnar: true}, checkTexts(texts, lim)
	}
	texts, ok := decodeRows(in.Instances)
	if !ok {
		return request{}, badRequest("\"instances\" must be an array of strings or of {\"text\": string} objects")
	}
	return request{texts: texts}, checkTexts(texts, lim)
}

// decodeColumns decodes raw, an array of strings or {"text": [string, ...]}.
func decodeColumns(raw json.RawMessage) ([]string, bool) {
	if texts, ok := decodeTexts(raw); ok {
		return texts, true
	}
	var named map[string]json.RawMessage
	if json.Unmarshal(raw, &named) != nil || len(named) != 1 {
		return nil, false
	}
	return decodeTexts(named["text"])
}

// decodeRows decodes raw, an array of strings or of {"text": string}.
func decodeRows(raw json.RawMessage) ([]string, bool) {
	if texts, ok := decodeTexts(raw); ok {
		return texts, true
	}
	var rows []map[string]*string
	if raw == nil || json.Unmarshal(raw, &rows) != nil {
		return nil, false
	}
	texts := make([]string, len(rows))
	for i, row := range rows {
		if len(row) != 1 || row["text"] == nil {
			return nil, false
		}
		texts[i] = *row["text"]
	}
	return texts, true
}

// decodeTexts decodes raw, a JSON array of strings. encoding/json reads a
// null in it as "", which would be answered as a text with nothing in it:
// a client's missing value, labelled with confidence.
func decodeTexts(raw json.RawMessage) ([]string, bool) {
	var items []*string
	if raw == nil || json.Unmarshal(raw, &items) != nil {
		return nil, false
	}
	texts := make([]string, len(items))
	for i, s := range items {
		if s == nil {
			return nil, false
		}
		texts[i] = *s
	}
	return texts, true
}

// checkTexts holds texts to lim. Too many or too long is 413, as a body
// over its limit is: the request is well formed but larger than this
// server takes.
func checkTexts(texts []string, lim limits) *apiError {
	if len(texts) == 0 {
		return badRequest("no texts to label")
	}
	if len(texts) > lim.maxTexts {
		return &apiError{http.StatusRequestEntityTooLarge,
			fmt.Sprintf("%d texts in one request; this server takes at most %d (--max-texts)", len(texts), lim.maxTexts)}
	}
	for i, t := range texts {
		if len(t) > lim.maxTextBytes {
			return &apiError{http.StatusRequestEntityTooLarge,
				fmt.Sprintf("text %d is %d bytes long; this server takes at most %d (--max-text-bytes)", i, len(t), lim.maxTextBytes)}
		}
	}
	return nil
}
