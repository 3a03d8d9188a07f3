package sigv4_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/mlportal/portal/web/sigv4"
)

const (
	testKeyID    = "AKIDPORTALEXAMPLE"
	testSecret   = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	inactiveKey  = "AKIDINACTIVE"
	brokenKey    = "AKIDBROKENSTORE"
	noSecretKey  = "AKIDNOSECRET"
	testRegion   = "us-east-1"
	testService  = "aws-marketplace"
	listBody     = `{"Catalog":"AWSMarketplace","EntityType":"MachineLearningProduct"}`
	okBody       = `{"EntitySummaryList":[]}`
	mismatchText = "The request signature we calculated does not match the signature you provided."
)

// signTime is when the test requests are signed; verifiers run at signTime unless a case says otherwise.
var signTime = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func lookup(_ context.Context, id string) (sigv4.Credential, error) {
	switch id {
	case testKeyID:
		return sigv4.Credential{AccessKeyID: testKeyID, Secret: testSecret}, nil
	case inactiveKey:
		return sigv4.Credential{}, fmt.Errorf("access key %s is inactive: %w", id, sigv4.ErrUnknownKey)
	case noSecretKey:
		return sigv4.Credential{AccessKeyID: id}, nil
	case brokenKey:
		return sigv4.Credential{}, errors.New("database is locked")
	}
	return sigv4.Credential{}, sigv4.ErrUnknownKey
}

func newVerifier(now time.Time) *sigv4.Verifier {
	return &sigv4.Verifier{
		Region:  testRegion,
		Service: testService,
		Now:     func() time.Time { return now },
		Lookup:  lookup,
	}
}

// seen is what the test server's handler saw on an accepted request.
type seen struct {
	keyID string
	body  string
}

// verifyServer starts a server whose handler runs v.Verify, answers refusals with WriteError and accepted requests
// with an empty ListEntities result, after reading the body again.
func verifyServer(t *testing.T, v *sigv4.Verifier) (*httptest.Server, *seen) {
	t.Helper()
	var got seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := v.Verify(r)
		var e *sigv4.Error
		switch {
		case errors.As(err, &e):
			sigv4.WriteError(w, e)
			return
		case err != nil:
			http.Error(w, "Internal error.", http.StatusInternalServerError)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("read body after Verify: %v", err)
		}
		got = seen{keyID: id, body: string(body)}
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/DescribeEntity" {
			_, _ = io.WriteString(w, `{"EntityType":"MachineLearningProduct@1.0","EntityIdentifier":"prod-1@1",`+
				`"EntityArn":"arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/MachineLearningProduct/prod-1",`+
				`"LastModifiedDate":"2026-12-01T00:00:00Z","Details":"{}"}`)
			return
		}
		_, _ = io.WriteString(w, okBody)
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func staticCreds(t *testing.T, id, secret, token string) aws.Credentials {
	t.Helper()
	creds, err := credentials.NewStaticCredentialsProvider(id, secret, token).Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return creds
}

func hashOf(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

// signing describes a request and how the SDK signs it.
type signing struct {
	method, path, query, body string
	header                    http.Header
	creds                     aws.Credentials
	region, service           string
	// presign, when positive, presigns the request for that long instead of signing its headers.
	presign time.Duration
	// payloadHash overrides the hash of body given to the signer.
	payloadHash string
}

func (s signing) defaults(t *testing.T) signing {
	if s.method == "" {
		s.method = http.MethodPost
	}
	if s.path == "" {
		s.path = "/ListEntities"
	}
	if s.creds.AccessKeyID == "" {
		s.creds = staticCreds(t, testKeyID, testSecret, "")
	}
	if s.region == "" {
		s.region = testRegion
	}
	if s.service == "" {
		s.service = testService
	}
	if s.payloadHash == "" {
		s.payloadHash = hashOf(s.body)
		if s.presign > 0 {
			s.payloadHash = "UNSIGNED-PAYLOAD"
		}
	}
	return s
}

// sign returns a request to base signed (or presigned) by the SDK's v4 signer at signTime.
func (s signing) sign(t *testing.T, base string) *http.Request {
	t.Helper()
	s = s.defaults(t)
	target := base + s.path
	if s.query != "" {
		target += "?" + s.query
	}
	req, err := http.NewRequest(s.method, target, strings.NewReader(s.body))
	if err != nil {
		t.Fatal(err)
	}
	if s.body == "" {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	for k, vals := range s.header {
		req.Header[k] = append([]string(nil), vals...)
	}
	signer := v4.NewSigner()
	ctx := context.Background()
	if s.presign <= 0 {
		if err := signer.SignHTTP(ctx, s.creds, req, s.payloadHash, s.service, s.region, signTime); err != nil {
			t.Fatal(err)
		}
		return req
	}
	q := req.URL.Query()
	q.Set("X-Amz-Expires", fmt.Sprint(int(s.presign/time.Second)))
	req.URL.RawQuery = q.Encode()
	signed, headers, err := signer.PresignHTTP(ctx, s.creds, req, s.payloadHash, s.service, s.region, signTime)
	if err != nil {
		t.Fatal(err)
	}
	out, err := http.NewRequest(s.method, signed, strings.NewReader(s.body))
	if err != nil {
		t.Fatal(err)
	}
	if s.body == "" {
		out.Body, out.ContentLength = http.NoBody, 0
	}
	for k, vals := range headers {
		if k != "Host" {
			out.Header[k] = vals
		}
	}
	return out
}

func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/x-amz-json-1.1"}}
}

func setBody(req *http.Request, body string) {
	req.Body = io.NopCloser(strings.NewReader(body))
	req.ContentLength = int64(len(body))
}

func TestVerifyAcceptsSDKSignedRequests(t *testing.T) {
	tests := []struct {
		name    string
		signing signing
		after   func(*http.Request) // applied after signing
		now     time.Time
	}{
		{name: "POST with a JSON body", signing: signing{body: listBody, header: jsonHeader()}},
		{
			name: "GET with a query string",
			signing: signing{
				method: http.MethodGet, path: "/DescribeEntity",
				query: "entityId=prod-1%2Fv%20a~b%2Bc&catalog=AWSMarketplace&empty=",
			},
		},
		{
			name: "repeated query parameter",
			signing: signing{
				method: http.MethodGet, path: "/DescribeEntity", query: "b=2&a=1&a=0&catalog=AWSMarketplace",
			},
		},
		{
			name:    "path that needs escaping",
			signing: signing{path: "/ListTagsForResource/arn:aws:x/a b%25c~", body: "{}", header: jsonHeader()},
		},
		{
			name: "signed X-Amz-Content-Sha256",
			signing: signing{body: listBody, header: http.Header{
				"Content-Type": {"application/json"}, "X-Amz-Content-Sha256": {hashOf(listBody)},
			}},
		},
		{
			name: "repeated signed header and excess spaces",
			signing: signing{body: listBody, header: http.Header{
				"Content-Type": {"application/json"}, "X-Portal-Trace": {"a  b", " c "},
			}},
		},
		{
			name:    "unsigned header added after signing",
			signing: signing{body: listBody, header: jsonHeader()},
			after:   func(r *http.Request) { r.Header.Set("X-Forwarded-For", "203.0.113.9") },
		},
		{name: "signed 14 minutes ago", signing: signing{body: listBody}, now: signTime.Add(14 * time.Minute)},
		{name: "signed 14 minutes ahead", signing: signing{body: listBody}, now: signTime.Add(-14 * time.Minute)},
		{
			name: "presigned GET",
			signing: signing{
				method: http.MethodGet, path: "/DescribeEntity", query: "catalog=AWSMarketplace", presign: 5 * time.Minute,
			},
			now: signTime.Add(4 * time.Minute),
		},
		{
			name: "presigned POST with a signed payload hash",
			signing: signing{body: listBody, presign: time.Hour, payloadHash: hashOf(listBody),
				header: http.Header{"X-Amz-Content-Sha256": {hashOf(listBody)}}},
		},
		{
			name:    "presigned for 7 days, used on the last day",
			signing: signing{method: http.MethodGet, path: "/DescribeEntity", presign: 7 * 24 * time.Hour},
			now:     signTime.Add(7*24*time.Hour - time.Minute),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = signTime
			}
			srv, got := verifyServer(t, newVerifier(now))
			req := tt.signing.sign(t, srv.URL)
			if tt.after != nil {
				tt.after(req)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, %s: %s", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), body)
			}
			if got.keyID != testKeyID {
				t.Errorf("key ID = %q, want %q", got.keyID, testKeyID)
			}
			if got.body != tt.signing.body {
				t.Errorf("handler read body %q, want %q", got.body, tt.signing.body)
			}
		})
	}
}

func TestVerifyRefuses(t *testing.T) {
	const sigMismatch = "InvalidSignatureException"
	tests := []struct {
		name       string
		signing    signing
		request    func(t *testing.T, base string) *http.Request // instead of signing
		after      func(*http.Request)
		now        time.Time
		maxBody    int64
		wantStatus int
		wantCode   string
		wantMsg    string // a substring of the message
	}{
		{
			// Whoever held the URL could send any body as its signer.
			name:       "presigned POST with an unsigned payload",
			signing:    signing{body: listBody, header: jsonHeader(), presign: time.Hour},
			now:        signTime.Add(59 * time.Minute),
			wantStatus: http.StatusForbidden, wantCode: sigMismatch, wantMsg: "must sign the body's hash",
		},
		{
			name: "wrong secret",
			signing: signing{
				creds: aws.Credentials{AccessKeyID: testKeyID, SecretAccessKey: "not-the-secret"}, body: listBody,
			},
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name: "wrong Region", signing: signing{region: "eu-west-1", body: listBody},
			wantStatus: 403, wantCode: sigMismatch, wantMsg: "Credential should be scoped to a valid region.",
		},
		{
			name: "wrong service", signing: signing{service: "execute-api", body: listBody},
			wantStatus: 403, wantCode: sigMismatch,
			wantMsg: "Credential should be scoped to correct service: 'aws-marketplace'.",
		},
		{
			name: "expired date", signing: signing{body: listBody}, now: signTime.Add(20 * time.Minute),
			wantStatus: 403, wantCode: sigMismatch,
			wantMsg: "Signature expired: 20261201T000000Z is now earlier than 20261201T000500Z " +
				"(20261201T002000Z - 15 min.)",
		},
		{
			name: "date in the future", signing: signing{body: listBody}, now: signTime.Add(-20 * time.Minute),
			wantStatus: 403, wantCode: sigMismatch,
			wantMsg: "Signature not yet current: 20261201T000000Z is still later than 20261130T235500Z " +
				"(20261130T234000Z + 15 min.)",
		},
		{
			name: "body modified after signing", signing: signing{body: listBody, header: jsonHeader()},
			after:      func(r *http.Request) { setBody(r, strings.Replace(listBody, "Machine", "machine", 1)) },
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name:       "body modified after signing with X-Amz-Content-Sha256",
			signing:    signing{body: listBody, header: http.Header{"X-Amz-Content-Sha256": {hashOf(listBody)}}},
			after:      func(r *http.Request) { setBody(r, strings.Replace(listBody, "Machine", "machine", 1)) },
			wantStatus: 403, wantCode: sigMismatch,
			wantMsg: "The provided 'x-amz-content-sha256' header does not match what was computed.",
		},
		{
			name: "UNSIGNED-PAYLOAD in the header form",
			signing: signing{
				body: listBody, payloadHash: "UNSIGNED-PAYLOAD",
				header: http.Header{"X-Amz-Content-Sha256": {"UNSIGNED-PAYLOAD"}},
			},
			wantStatus: 403, wantCode: sigMismatch, wantMsg: "x-amz-content-sha256",
		},
		{
			name:       "query modified after signing",
			signing:    signing{method: http.MethodGet, path: "/DescribeEntity", query: "catalog=AWSMarketplace&entityId=a"},
			after:      replaceQuery("entityId=a", "entityId=b"),
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name:       "query parameter added after signing",
			signing:    signing{method: http.MethodGet, path: "/DescribeEntity", query: "catalog=AWSMarketplace"},
			after:      func(r *http.Request) { r.URL.RawQuery += "&entityId=b" },
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name:       "path modified after signing",
			signing:    signing{body: listBody},
			after:      func(r *http.Request) { r.URL.Path = "/StartChangeSet" },
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name:       "method modified after signing",
			signing:    signing{method: http.MethodGet, path: "/DescribeEntity"},
			after:      func(r *http.Request) { r.Method = http.MethodDelete },
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name:       "signed header modified after signing",
			signing:    signing{body: listBody, header: jsonHeader()},
			after:      func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") },
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name:       "signed header removed after signing",
			signing:    signing{body: listBody, header: jsonHeader()},
			after:      func(r *http.Request) { r.Header.Del("Content-Type") },
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name:       "Host changed after signing",
			signing:    signing{body: listBody},
			after:      func(r *http.Request) { r.Host = "catalog.marketplace.us-east-1.amazonaws.com" },
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			// The SDK signs a header under a non-canonical key even if it is one it ignores; the verifier's SDK
			// cannot reproduce that list, so the request is refused rather than accepted without it.
			name:       "client signed User-Agent",
			signing:    signing{body: listBody, header: http.Header{"user-agent": {"aws-cli/1.45"}}},
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name:       "X-Amz-Date moved to another day",
			signing:    signing{body: listBody},
			after:      func(r *http.Request) { r.Header.Set("X-Amz-Date", "20261202T000000Z") },
			now:        signTime.Add(24 * time.Hour),
			wantStatus: 403, wantCode: sigMismatch, wantMsg: "Date in Credential scope does not match",
		},
		{
			name:       "X-Amz-Date moved by a second",
			signing:    signing{body: listBody},
			after:      func(r *http.Request) { r.Header.Set("X-Amz-Date", "20261201T000001Z") },
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name:       "X-Amz-Date missing",
			signing:    signing{body: listBody},
			after:      func(r *http.Request) { r.Header.Del("X-Amz-Date") },
			wantStatus: 400, wantCode: "IncompleteSignatureException", wantMsg: "X-Amz-Date",
		},
		{
			name:       "X-Amz-Date malformed",
			signing:    signing{body: listBody},
			after:      func(r *http.Request) { r.Header.Set("X-Amz-Date", "2026-12-01T00:00:00Z") },
			wantStatus: 400, wantCode: "IncompleteSignatureException", wantMsg: "ISO8601",
		},
		{
			name:       "presigned URL replayed after expiry",
			signing:    signing{method: http.MethodGet, path: "/DescribeEntity", presign: 5 * time.Minute},
			now:        signTime.Add(5*time.Minute + time.Second),
			wantStatus: 403, wantCode: sigMismatch,
			wantMsg: "Signature expired: 20261201T000500Z is now earlier than 20261201T000501Z.",
		},
		{
			name:       "presigned URL with its query modified",
			signing:    signing{method: http.MethodGet, path: "/DescribeEntity", query: "entityId=a", presign: time.Hour},
			after:      replaceQuery("entityId=a", "entityId=b"),
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name:       "presigned URL with its expiry extended",
			signing:    signing{method: http.MethodGet, path: "/DescribeEntity", presign: time.Minute},
			after:      replaceQuery("X-Amz-Expires=60", "X-Amz-Expires=600"),
			now:        signTime.Add(2 * time.Minute),
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name: "presigned URL with a signed payload hash and another body",
			signing: signing{body: listBody, presign: time.Hour, payloadHash: hashOf(listBody),
				header: http.Header{"X-Amz-Content-Sha256": {hashOf(listBody)}}},
			after:      func(r *http.Request) { setBody(r, "{}") },
			wantStatus: 403, wantCode: sigMismatch, wantMsg: "x-amz-content-sha256",
		},
		{
			name:       "presigned for more than 7 days",
			signing:    signing{method: http.MethodGet, path: "/DescribeEntity", presign: 7*24*time.Hour + time.Second},
			wantStatus: 400, wantCode: "IncompleteSignatureException", wantMsg: "604800",
		},
		{
			name: "presigned without X-Amz-Expires",
			request: func(t *testing.T, base string) *http.Request {
				req, _ := http.NewRequest(http.MethodGet, base+"/DescribeEntity", nil)
				signed, _, err := v4.NewSigner().PresignHTTP(context.Background(), staticCreds(t, testKeyID, testSecret, ""),
					req, "UNSIGNED-PAYLOAD", testService, testRegion, signTime)
				if err != nil {
					t.Fatal(err)
				}
				out, _ := http.NewRequest(http.MethodGet, signed, nil)
				return out
			},
			wantStatus: 400, wantCode: "IncompleteSignatureException", wantMsg: "X-Amz-Expires",
		},
		{
			name:       "unknown key",
			signing:    signing{creds: staticCreds(t, "AKIDNOSUCHKEY", testSecret, ""), body: listBody},
			wantStatus: 403, wantCode: "UnrecognizedClientException",
			wantMsg: "The security token included in the request is invalid.",
		},
		{
			name:       "inactive key",
			signing:    signing{creds: staticCreds(t, inactiveKey, testSecret, ""), body: listBody},
			wantStatus: 403, wantCode: "UnrecognizedClientException",
			wantMsg: "The security token included in the request is invalid.",
		},
		{
			name:       "store returns an empty secret",
			signing:    signing{creds: aws.Credentials{AccessKeyID: noSecretKey}, body: listBody},
			wantStatus: 403, wantCode: "UnrecognizedClientException",
		},
		{
			name:       "session token",
			signing:    signing{creds: staticCreds(t, testKeyID, testSecret, "FwoGZXIvYXdzEXAMPLE"), body: listBody},
			wantStatus: 403, wantCode: "UnrecognizedClientException",
		},
		{
			name:       "key store failure is an internal error",
			signing:    signing{creds: staticCreds(t, brokenKey, testSecret, ""), body: listBody},
			wantStatus: 500,
		},
		{
			name: "missing authentication",
			request: func(t *testing.T, base string) *http.Request {
				req, _ := http.NewRequest(http.MethodPost, base+"/ListEntities", strings.NewReader(listBody))
				return req
			},
			wantStatus: 403, wantCode: "MissingAuthenticationTokenException", wantMsg: "Missing Authentication Token",
		},
		{
			name:       "malformed credential scope",
			signing:    signing{body: listBody},
			after:      replaceAuth("/us-east-1/aws-marketplace/aws4_request", "/us-east-1"),
			wantStatus: 400, wantCode: "IncompleteSignatureException", wantMsg: "5 slash-delimited elements",
		},
		{
			name:       "wrong scope terminator",
			signing:    signing{body: listBody},
			after:      replaceAuth("/aws4_request", "/aws5_request"),
			wantStatus: 403, wantCode: sigMismatch, wantMsg: "valid terminator",
		},
		{
			name:    "Authorization without Signature",
			signing: signing{body: listBody},
			after: func(r *http.Request) {
				r.Header.Set("Authorization", strings.Split(r.Header.Get("Authorization"), ", Signature=")[0])
			},
			wantStatus: 400, wantCode: "IncompleteSignatureException", wantMsg: "'Signature'",
		},
		{
			name:       "other authorization scheme",
			signing:    signing{body: listBody},
			after:      func(r *http.Request) { r.Header.Set("Authorization", "Basic dXNlcjpwYXNz") },
			wantStatus: 400, wantCode: "IncompleteSignatureException",
		},
		{
			name:       "signature altered",
			signing:    signing{body: listBody},
			after:      replaceAuth("Signature=", "Signature=0"),
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name:       "SignedHeaders altered",
			signing:    signing{body: listBody, header: jsonHeader()},
			after:      replaceAuth("content-type;", ""),
			wantStatus: 403, wantCode: sigMismatch, wantMsg: mismatchText,
		},
		{
			name:       "Authorization header and presigned query",
			signing:    signing{body: listBody},
			after:      func(r *http.Request) { r.URL.RawQuery = "X-Amz-Signature=abc" },
			wantStatus: 400, wantCode: "IncompleteSignatureException", wantMsg: "Only one auth mechanism allowed",
		},
		{
			name:       "presigned query missing X-Amz-Credential",
			signing:    signing{method: http.MethodGet, path: "/DescribeEntity", presign: time.Hour},
			after:      func(r *http.Request) { q := r.URL.Query(); q.Del("X-Amz-Credential"); r.URL.RawQuery = q.Encode() },
			wantStatus: 400, wantCode: "IncompleteSignatureException", wantMsg: "must include",
		},
		{
			name: "presigned with a session token",
			signing: signing{method: http.MethodGet, path: "/DescribeEntity", presign: time.Hour,
				creds: staticCreds(t, testKeyID, testSecret, "FwoGZXIvYXdzEXAMPLE")},
			wantStatus: 403, wantCode: "UnrecognizedClientException",
		},
		{
			name:       "body larger than MaxBody",
			signing:    signing{body: listBody},
			maxBody:    16,
			wantStatus: 413, wantCode: "RequestEntityTooLargeException",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = signTime
			}
			v := newVerifier(now)
			v.MaxBody = tt.maxBody
			srv, got := verifyServer(t, v)
			var req *http.Request
			if tt.request != nil {
				req = tt.request(t, srv.URL)
			} else {
				req = tt.signing.sign(t, srv.URL)
			}
			if tt.after != nil {
				tt.after(req)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.wantStatus, body)
			}
			if got.keyID != "" {
				t.Errorf("handler ran with key %q", got.keyID)
			}
			if bytes.Contains(body, []byte(testSecret)) {
				t.Errorf("response holds the secret: %s", body)
			}
			if tt.wantCode == "" {
				return
			}
			if code := resp.Header.Get("X-Amzn-ErrorType"); code != tt.wantCode {
				t.Errorf("x-amzn-ErrorType = %q, want %q (%s)", code, tt.wantCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			var msg struct {
				Message string `json:"message"`
			}
			if err := json.Unmarshal(body, &msg); err != nil {
				t.Fatalf("body %s: %v", body, err)
			}
			if !strings.Contains(msg.Message, tt.wantMsg) {
				t.Errorf("message %q, want it to contain %q", msg.Message, tt.wantMsg)
			}
		})
	}
}

func replaceQuery(old, new string) func(*http.Request) {
	return func(r *http.Request) { r.URL.RawQuery = strings.Replace(r.URL.RawQuery, old, new, 1) }
}

func replaceAuth(old, new string) func(*http.Request) {
	return func(r *http.Request) {
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), old, new, 1))
	}
}

// TestVerifyMessageHidesExpectedSignature signs with a wrong secret and checks that neither the signature the
// right secret gives nor the secret appear in the refusal.
func TestVerifyMessageHidesExpectedSignature(t *testing.T) {
	v := newVerifier(signTime)
	good := signing{body: listBody}.sign(t, "http://portal.test")
	bad := signing{body: listBody, creds: aws.Credentials{AccessKeyID: testKeyID, SecretAccessKey: "wrong"}}.
		sign(t, "http://portal.test")
	want := good.Header.Get("Authorization")
	want = want[strings.Index(want, "Signature=")+len("Signature="):]

	r := httptest.NewRequest(bad.Method, bad.URL.String(), strings.NewReader(listBody))
	r.Header = bad.Header.Clone()
	_, err := v.Verify(r)
	var e *sigv4.Error
	if !errors.As(err, &e) || e.Code != "InvalidSignatureException" {
		t.Fatalf("err = %v", err)
	}
	for _, s := range []string{want, testSecret} {
		if strings.Contains(e.Error(), s) {
			t.Errorf("error %q holds %q", e.Error(), s)
		}
	}
	// The same request with the right signature passes through httptest.NewRequest too.
	r = httptest.NewRequest(good.Method, good.URL.String(), strings.NewReader(listBody))
	r.Header = good.Header.Clone()
	if id, err := v.Verify(r); err != nil || id != testKeyID {
		t.Fatalf("Verify = %q, %v", id, err)
	}
}

// TestVerifyKeepsBodyReadable checks the handler reads the same bytes after Verify, and that Verify is not fooled
// by a request whose declared Content-Length is larger than MaxBody.
func TestVerifyKeepsBodyReadable(t *testing.T) {
	v := newVerifier(signTime)
	signed := signing{body: listBody}.sign(t, "http://portal.test")
	r := httptest.NewRequest(signed.Method, signed.URL.String(), strings.NewReader(listBody))
	r.Header = signed.Header.Clone()
	if _, err := v.Verify(r); err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil || string(body) != listBody {
		t.Fatalf("body after Verify = %q, %v", body, err)
	}
	if err := r.Body.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestVerifierNeedsConfiguration(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/DescribeEntity", nil)
	_, err := (&sigv4.Verifier{}).Verify(r)
	var e *sigv4.Error
	if err == nil || errors.As(err, &e) {
		t.Fatalf("err = %v, want a configuration error", err)
	}
}

// TestWriteError checks the rest-json error shape.
func TestWriteError(t *testing.T) {
	w := httptest.NewRecorder()
	sigv4.WriteError(w, &sigv4.Error{Code: "InvalidSignatureException", Message: `say "no"`, Status: 403})
	if w.Code != 403 || w.Header().Get("X-Amzn-ErrorType") != "InvalidSignatureException" ||
		w.Header().Get("Content-Type") != "application/json" || w.Body.String() != `{"message":"say \"no\""}` {
		t.Fatalf("got %d %v %s", w.Code, w.Header(), w.Body)
	}
}
