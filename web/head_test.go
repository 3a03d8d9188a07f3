package web_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
)

// TestHeadIsAnsweredAsGet: HEAD on a page, an asset or a missing page gets
// the status and headers GET gets, without a body, as RFC 9110 asks of
// every server.
func TestHeadIsAnsweredAsGet(t *testing.T) {
	env := newEnv(t)
	buyer, _ := env.signedIn("Head Buyer", "head@buyer.example")
	for _, tc := range []struct {
		c    *client
		path string
		want int
	}{
		{env.client(), "/marketplace", http.StatusOK},
		{env.client(), "/login", http.StatusOK},
		{env.client(), "/static/css/portal.css", http.StatusOK},
		{env.client(), "/no-such-page", http.StatusNotFound},
		{env.client(), "/sagemaker/subscriptions", http.StatusSeeOther},
		{buyer, "/sagemaker/subscriptions", http.StatusOK},
	} {
		get := tc.c.get(tc.path)
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodHead, env.srv.URL+tc.path, nil)
		head := tc.c.do(req)
		if head.StatusCode != tc.want || get.StatusCode != tc.want {
			t.Errorf("%s: HEAD %d, GET %d, want %d", tc.path, head.StatusCode, get.StatusCode, tc.want)
		}
		if head.body != "" {
			t.Errorf("%s: HEAD sent a body of %d bytes", tc.path, len(head.body))
		}
		if got, want := head.Header.Get("Content-Type"), get.Header.Get("Content-Type"); got != want {
			t.Errorf("%s: HEAD Content-Type %q, GET %q", tc.path, got, want)
		}
		if tc.want == http.StatusOK {
			if n, _ := strconv.Atoi(head.Header.Get("Content-Length")); n != len(get.body) {
				t.Errorf("%s: HEAD Content-Length %d, GET's body %d bytes", tc.path, n, len(get.body))
			}
		}
	}
}
