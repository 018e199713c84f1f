package serve

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

var screenshot = flag.String("screenshot", "", "write a PNG `file` of the try-it page as TestPageInABrowser leaves it")

// chromium finds a Chromium to drive. Without one the browser test skips,
// unless RNNSENT_BROWSER=required (as in .ci/run) makes that a failure.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("RNNSENT_BROWSER") == "required" {
		t.Fatal("no Chromium found (apt-get install chromium), and RNNSENT_BROWSER=required")
	}
	t.Skip("no Chromium found: apt-get install chromium to run the browser test")
	return ""
}

// The try-it page in headless Chromium: typing "Not bad!", Tab and Enter
// show the label, its probability and each word coloured by the positive
// probability after it: red for "not", green for "bad".
func TestPageInABrowser(t *testing.T) {
	path := chromium(t)
	srv := httptest.NewServer(newTestServer(t, Config{}).Handler())
	defer srv.Close()

	ctx := browser(t, path)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL),
		chromedp.WaitReady("#text"),
		poll(`document.getElementById("classes").textContent !== ""`),
	)
	if err != nil {
		t.Fatal(err)
	}
	classes := run(ctx, t, chromedp.Text("#classes"))
	// With the keyboard alone: the text box has the focus from the start,
	// Tab goes to the button, Enter presses it.
	focused := run(ctx, t, chromedp.Evaluate[string](`document.activeElement.id`))
	err = chromedp.Do(ctx,
		chromedp.Clear("#text"),
		chromedp.KeyEvent("Not bad!"),
		chromedp.KeyEvent(kb.Tab),
	)
	if err != nil {
		t.Fatal(err)
	}
	focused += " " + run(ctx, t, chromedp.Evaluate[string](`document.activeElement.id`))
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), poll(`!document.getElementById("result").hidden`)); err != nil {
		t.Fatal(err)
	}
	label := run(ctx, t, chromedp.Text("#label"))
	prob := run(ctx, t, chromedp.Text("#prob"))
	type token struct {
		Text   string  `json:"text"`
		P      float64 `json:"p"`
		Colour string  `json:"colour"`
	}
	tokens := run(ctx, t, chromedp.Evaluate[[]token](`[...document.querySelectorAll("#tokens > span")].map(s => ({
		text: s.firstChild.textContent, p: Number(s.dataset.p), colour: getComputedStyle(s).backgroundColor}))`))
	if *screenshot != "" {
		if err := os.WriteFile(*screenshot, run(ctx, t, chromedp.FullScreenshot(100)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if focused != "text go" || classes != "negative, positive" || label != "positive" || prob != "0.977" {
		t.Errorf("focus on %q, classes %q, label %q %q: want \"text go\", \"negative, positive\", positive 0.977", focused, classes, label, prob)
	}
	var words []string
	for _, tk := range tokens {
		words = append(words, tk.Text)
	}
	if !slices.Equal(words, []string{"not", "bad", "!"}) {
		t.Fatalf("tokens %q, want not, bad, !", words)
	}
	for i, want := range []string{"red", "green", "green"} {
		var r, g, b int
		fmt.Sscanf(tokens[i].Colour, "rgb(%d, %d, %d)", &r, &g, &b)
		if got := map[bool]string{true: "red", false: "green"}[r > g]; got != want {
			t.Errorf("%q (positive %.3f) is coloured %s, %s; want %s", tokens[i].Text, tokens[i].P, tokens[i].Colour, got, want)
		}
	}
}

// TestPageFollowsAReloadOntoOtherClasses: the page read the model's
// classes once, so after SIGHUP put a model of other classes behind its
// name, labelling a text threw on a label it did not know and showed
// nothing, without a word.
func TestPageFollowsAReloadOntoOtherClasses(t *testing.T) {
	path := chromium(t)
	file := filepath.Join(t.TempDir(), "m.gob")
	if err := os.WriteFile(file, tinyModel(t, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, Config{Models: []Model{{Name: "m", Path: file}}})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	ctx := browser(t, path)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL), poll(`document.getElementById("classes").textContent !== ""`)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, tinyModelOf(t, 2, []string{"bad", "good"}), 0o644); err != nil {
		t.Fatal(err)
	}
	s.Reload()
	shown, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := chromedp.Do(shown, chromedp.Click("#go"), poll(`!document.getElementById("result").hidden`))
	if err != nil {
		t.Fatalf("no answer shown after the reload: %v", err)
	}
	classes := run(ctx, t, chromedp.Text("#classes"))
	label := run(ctx, t, chromedp.Text("#label"))
	prob := run(ctx, t, chromedp.Text("#prob"))
	if classes != "bad, good" || (label != "bad" && label != "good") || prob == "" {
		t.Errorf("classes %q, label %q %q; want bad, good and one of them with its probability", classes, label, prob)
	}
}

// browser is a headless Chromium at path, for a minute at most.
func browser(t *testing.T, path string) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	ctx, cancel = chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(900, 640),
	)
	t.Cleanup(cancel)
	ctx, cancel = chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	return ctx
}

func run[T any](ctx context.Context, t *testing.T, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// poll waits until the JavaScript expression is true.
func poll(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](expr)(ctx, t)
		return err
	})
}
