package serve

import (
	"net/http"
	"testing"
)

// FuzzDecode: no body makes a decoder panic, and what either accepts is
// within the limits; what it refuses is refused as the client's fault.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["Not bad!"]}]}`,
		`{"id": "x", "parameters": {"trace": true}, "outputs": [{"name": "probabilities"}], "inputs": [{"name": "text", "shape": [2], "datatype": "BYTES", "data": ["a", "\u00e9\ud800"]}]}`,
		`{"inputs": [{"name": "text", "shape": [9223372036854775807], "datatype": "BYTES", "data": ["a"]}]}`,
		`{"instances": ["Not bad!", ""]}`,
		`{"instances": [[["a"]]]}`,
		`{"instances": [{"text": "a"}, {"text": null}]}`,
		`{"inputs": {"text": ["a", "b"]}}`,
		`{"inputs": ["a"], "instances": ["a"]}`,
		"\xff\xfe{}",
	} {
		f.Add([]byte(s))
	}
	lim := limits{maxTexts: 4, maxTextBytes: 64}
	f.Fuzz(func(t *testing.T, body []byte) {
		for name, decode := range map[string]func([]byte, limits) (request, *apiError){"v1": decodeV1, "v2": decodeV2} {
			req, err := decode(body, lim)
			if err != nil {
				if err.status != http.StatusBadRequest && err.status != http.StatusRequestEntityTooLarge {
					t.Fatalf("%s: status %d for %q", name, err.status, body)
				}
				continue
			}
			if len(req.texts) == 0 || len(req.texts) > lim.maxTexts {
				t.Fatalf("%s: %d texts accepted from %q", name, len(req.texts), body)
			}
			for _, s := range req.texts {
				if len(s) > lim.maxTextBytes {
					t.Fatalf("%s: a text of %d bytes accepted", name, len(s))
				}
			}
		}
	})
}
