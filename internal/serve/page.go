package serve

import (
	_ "embed"
	"html/template"
	"net/http"
)

//go:embed page.html
var pageHTML string

// pageTemplate is the try-it page: self-contained, so that it works with
// no network beyond this server.
var pageTemplate = template.Must(template.New("page").Parse(pageHTML))

func (s *Server) page(w http.ResponseWriter, _ *http.Request, _ string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
	pageTemplate.Execute(w, map[string]any{"Models": s.order, "Version": s.cfg.Version})
}
