package fetch

import "testing"

func TestFindAndNames(t *testing.T) {
	sets := []Dataset{{Name: "sst2"}, {Name: "imdb"}, {Name: "uci"}}
	tests := []struct {
		name     string
		datasets []Dataset
		find     string
		found    bool
		names    string
	}{
		{"three", sets, "imdb", true, "sst2, imdb or uci"},
		{"two", sets[:2], "uci", false, "sst2 or imdb"},
		{"one", sets[:1], "sst2", true, "sst2"},
		{"none", nil, "sst2", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := Find(tt.datasets, tt.find)
			if ok != tt.found || ok && d.Name != tt.find {
				t.Errorf("Find(%q) = %q, %v; want found %v", tt.find, d.Name, ok, tt.found)
			}
			if got := Names(tt.datasets); got != tt.names {
				t.Errorf("Names = %q, want %q", got, tt.names)
			}
		})
	}
}
