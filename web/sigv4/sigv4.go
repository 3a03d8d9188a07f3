// Package sigv4 authenticates requests signed with AWS Signature Version 4, so that the AWS SDKs and CLI can call
// the portal's AWS Marketplace Catalog API face with --endpoint-url.
//
// It accepts the Authorization header form and the presigned query form. The expected signature is computed by the
// AWS SDK's own signer (github.com/aws/aws-sdk-go-v2/aws/signer/v4) on a copy of the received request that carries
// exactly the headers the client signed, the same X-Amz-Date and the hash of the body actually received; the
// canonical request is never built here. The SDK must arrive at the same SignedHeaders list as the client, and the
// signatures are compared in constant time. A request whose signed headers the SDK cannot reproduce (it never
// signs Authorization, User-Agent, X-Amzn-Trace-Id, Expect or Transfer-Encoding, and signs Content-Length only
// when it is positive) is refused with InvalidSignatureException rather than accepted.
//
// The Host header is taken as received (r.Host), so a proxy in front of the portal must preserve it. Temporary
// credentials (X-Amz-Security-Token) are not supported and are refused as UnrecognizedClientException.
package sigv4

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Defaults used when the matching Verifier field is zero.
const (
	DefaultMaxSkew = 15 * time.Minute
	DefaultMaxBody = 1 << 20
)

// Credential is an access key: its ID and its secret.
type Credential struct {
	AccessKeyID string
	Secret      string
}

// Lookup returns the credential for an access key ID. It returns ErrUnknownKey, or an error wrapping it, for a key
// that does not exist or is not active; any other error is treated as an internal failure.
type Lookup func(ctx context.Context, accessKeyID string) (Credential, error)

// Verifier checks SigV4 signatures for one Region and signing name, e.g. "us-east-1" and "aws-marketplace".
// A Verifier is safe for concurrent use.
type Verifier struct {
	Region  string
	Service string
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// MaxSkew is how far X-Amz-Date may be from Now; zero or less means DefaultMaxSkew (15 minutes, as AWS).
	MaxSkew time.Duration
	// MaxBody is the largest body read, in bytes; zero or less means DefaultMaxBody (1 MiB). A larger body is
	// refused with RequestEntityTooLargeException and status 413 before its signature is checked.
	MaxBody int64
	Lookup  Lookup
}

// Verify authenticates r and returns the access key ID that signed it.
//
// A refusal is an *Error (write it with WriteError). Any other error is an internal failure: the body could not be
// read, or Lookup failed for another reason than ErrUnknownKey. When the body was read, r.Body is replaced by a
// reader over the same bytes so the handler can read it again.
//
// The body of a presigned request is not signed unless the client sent X-Amz-Content-Sha256 with its hash: with
// UNSIGNED-PAYLOAD (the default for presigned URLs) anyone holding the URL may send any body.
func (v *Verifier) Verify(r *http.Request) (accessKeyID string, err error) {
	if v.Lookup == nil || v.Region == "" || v.Service == "" {
		return "", errors.New("sigv4: Verifier needs Region, Service and Lookup")
	}
	a, err := parseRequest(r)
	if err != nil {
		return "", err
	}
	signingTime, err := v.checkScope(a)
	if err != nil {
		return "", err
	}
	if r.Header.Get(securityToken) != "" || a.query.Has(securityToken) {
		return "", unrecognized()
	}
	cred, err := v.Lookup(r.Context(), a.cred.accessKeyID)
	if errors.Is(err, ErrUnknownKey) {
		return "", unrecognized()
	}
	if err != nil {
		return "", fmt.Errorf("sigv4: look up access key: %w", err)
	}
	if cred.Secret == "" || cred.AccessKeyID != "" && cred.AccessKeyID != a.cred.accessKeyID {
		return "", unrecognized() // an empty secret would let anyone sign
	}
	payloadHash, err := v.payloadHash(r, a)
	if err != nil {
		return "", err
	}
	req, err := rebuild(r, a)
	if err != nil {
		return "", err
	}
	creds := aws.Credentials{AccessKeyID: a.cred.accessKeyID, SecretAccessKey: cred.Secret}
	gotHeaders, gotSignature, err := v.sign(r.Context(), req, creds, a.presigned, payloadHash, signingTime)
	if err != nil {
		return "", err
	}
	if gotHeaders != a.signedHeaders || !hmac.Equal([]byte(gotSignature), []byte(a.signature)) {
		return "", mismatch()
	}
	return a.cred.accessKeyID, nil
}

// checkScope checks the credential scope and the time, and returns the signing time.
func (v *Verifier) checkScope(a *auth) (time.Time, error) {
	if a.cred.region != v.Region {
		return time.Time{}, invalid("Credential should be scoped to a valid region.")
	}
	if a.cred.service != v.Service {
		return time.Time{}, invalid("Credential should be scoped to correct service: '" + v.Service + "'.")
	}
	if a.cred.terminator != scopeTerminator {
		return time.Time{}, invalid("Credential should be scoped with a valid terminator: '" + scopeTerminator + "'.")
	}
	t, err := time.Parse(timeFormat, a.amzDate)
	if err != nil || t.Format(timeFormat) != a.amzDate {
		return time.Time{}, incomplete("X-Amz-Date must be in the ISO8601 basic format YYYYMMDD'T'HHMMSS'Z'.")
	}
	if day := t.Format(dateFormat); a.cred.date != day {
		scoped := a.cred.date
		if _, err := time.Parse(dateFormat, scoped); err != nil {
			scoped = "(malformed)" // not echoed: it is arbitrary client input
		}
		return time.Time{}, invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of " +
			"date from HTTP: '" + scoped + "' != '" + day + "', from 'X-Amz-Date'.")
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	n := now().UTC()
	skew := orDefault(v.MaxSkew, DefaultMaxSkew)
	if t.After(n.Add(skew)) {
		return time.Time{}, invalid(fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + %s.)",
			a.amzDate, n.Add(skew).Format(timeFormat), n.Format(timeFormat), minutes(skew)))
	}
	if a.presigned {
		if end := t.Add(a.expires); n.After(end) {
			return time.Time{}, invalid(fmt.Sprintf("Signature expired: %s is now earlier than %s.",
				end.Format(timeFormat), n.Format(timeFormat)))
		}
	} else if t.Before(n.Add(-skew)) {
		return time.Time{}, invalid(fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - %s.)",
			a.amzDate, n.Add(-skew).Format(timeFormat), n.Format(timeFormat), minutes(skew)))
	}
	return t, nil
}

// payloadHash reads the body, puts it back on r, and returns the hash the signature must cover.
func (v *Verifier) payloadHash(r *http.Request, a *auth) (string, error) {
	body, err := readBody(r, orDefault(v.MaxBody, DefaultMaxBody))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(body)
	actual := hex.EncodeToString(sum[:])
	switch {
	case a.presigned && (a.contentSHA256 == "" || a.contentSHA256 == unsignedPayload) && len(body) > 0:
		// An unsigned body would let whoever holds the URL send any body
		// as its signer: a presigned request with a body signs its hash.
		return "", invalid("A presigned request with a body must sign the body's hash (X-Amz-Content-Sha256).")
	case a.presigned && (a.contentSHA256 == "" || a.contentSHA256 == unsignedPayload):
		return unsignedPayload, nil
	case a.contentSHA256 != "" && a.contentSHA256 != actual:
		return "", invalid("The provided 'x-amz-content-sha256' header does not match what was computed.")
	}
	return actual, nil
}

func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	tooLarge := &Error{
		Code:    CodeRequestEntityTooLarge,
		Message: "The request body must not be larger than " + strconv.FormatInt(limit, 10) + " bytes.",
		Status:  http.StatusRequestEntityTooLarge,
	}
	if r.ContentLength > limit {
		return nil, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) || isTooLarge(err) {
		// The server's own body limit stopped the read first.
		return nil, tooLarge
	} else if err != nil {
		return nil, fmt.Errorf("sigv4: read request body: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, tooLarge
	}
	r.Body = readCloser{bytes.NewReader(body), r.Body}
	return body, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

// rebuild copies what the client signed: method, path, query (without X-Amz-Signature), the received Host and
// exactly the signed headers. The URL has no scheme, so the SDK signer keeps the Host's port as received instead of
// dropping a port it considers the default one.
func rebuild(r *http.Request, a *auth) (*http.Request, error) {
	query := a.query
	if a.presigned {
		query = url.Values{}
		for k, vals := range a.query {
			if k != querySignature {
				query[k] = vals
			}
		}
	}
	u := &url.URL{Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: query.Encode()}
	req := (&http.Request{Method: r.Method, URL: u, Host: r.Host, Header: http.Header{}}).WithContext(r.Context())
	for name := range strings.SplitSeq(a.signedHeaders, ";") {
		switch name {
		case "host":
			continue
		case "content-length":
			n, err := strconv.ParseInt(contentLength(r), 10, 64)
			if err != nil {
				return nil, mismatch()
			}
			req.ContentLength = n
			continue
		}
		var found []string
		for k, vals := range r.Header {
			if strings.EqualFold(k, name) {
				if found != nil {
					return nil, mismatch() // the same header under two spellings: no single canonical value
				}
				found = vals
			}
		}
		if found != nil {
			req.Header[textproto.CanonicalMIMEHeaderKey(name)] = found
		}
	}
	return req, nil
}

func contentLength(r *http.Request) string {
	if h := r.Header.Get("Content-Length"); h != "" {
		return h
	}
	if r.ContentLength >= 0 {
		return strconv.FormatInt(r.ContentLength, 10)
	}
	return ""
}

// sign has the SDK sign req and returns the SignedHeaders list and the signature it computed. A new signer per
// call: the SDK caches derived keys by access key ID and day, not by secret, so a shared signer would keep
// accepting a replaced secret until midnight.
func (v *Verifier) sign(ctx context.Context, req *http.Request, creds aws.Credentials, presigned bool,
	payloadHash string, t time.Time) (signedHeaders, signature string, err error) {
	signer := v4.NewSigner()
	if presigned {
		signed, _, err := signer.PresignHTTP(ctx, creds, req, payloadHash, v.Service, v.Region, t,
			func(o *v4.SignerOptions) { o.DisableHeaderHoisting = true })
		if err != nil {
			return "", "", fmt.Errorf("sigv4: presign: %w", err)
		}
		u, err := url.Parse(signed)
		if err != nil {
			return "", "", fmt.Errorf("sigv4: presigned URL: %w", err)
		}
		q := u.Query()
		return q.Get(querySignedHeaders), q.Get(querySignature), nil
	}
	if err := signer.SignHTTP(ctx, creds, req, payloadHash, v.Service, v.Region, t); err != nil {
		return "", "", fmt.Errorf("sigv4: sign: %w", err)
	}
	a, err := parseAuthorization(req.Header.Get("Authorization"))
	if err != nil {
		return "", "", fmt.Errorf("sigv4: the SDK's Authorization header: %w", err)
	}
	return a.signedHeaders, a.signature, nil
}

// orDefault returns v, or fallback when v is zero or negative.
func orDefault[T int64 | time.Duration](v, fallback T) T {
	if v <= 0 {
		return fallback
	}
	return v
}

// minutes formats a skew as AWS does ("15 min").
func minutes(d time.Duration) string {
	if d%time.Minute == 0 {
		return strconv.FormatInt(int64(d/time.Minute), 10) + " min"
	}
	return d.String()
}

// isTooLarge reports whether err is a server's "request entity too large"
// (Echo's body limit middleware reports it as an error with status 413).
func isTooLarge(err error) bool {
	var coded interface{ StatusCode() int }
	if errors.As(err, &coded) && coded.StatusCode() == http.StatusRequestEntityTooLarge {
		return true
	}
	return err != nil && strings.Contains(err.Error(), "Request Entity Too Large")
}
