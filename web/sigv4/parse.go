package sigv4

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	algorithm       = "AWS4-HMAC-SHA256"
	scopeTerminator = "aws4_request"
	timeFormat      = "20060102T150405Z"
	dateFormat      = "20060102"
	unsignedPayload = "UNSIGNED-PAYLOAD"

	queryAlgorithm     = "X-Amz-Algorithm"
	queryCredential    = "X-Amz-Credential"
	queryDate          = "X-Amz-Date"
	queryExpires       = "X-Amz-Expires"
	querySignedHeaders = "X-Amz-SignedHeaders"
	querySignature     = "X-Amz-Signature"
	securityToken      = "X-Amz-Security-Token"
	contentSHA256      = "X-Amz-Content-Sha256"

	// maxPresignExpires is the longest X-Amz-Expires AWS accepts: 7 days.
	maxPresignExpires = 7 * 24 * time.Hour
)

// credential is the parsed Credential value: keyid/date/region/service/aws4_request.
type credential struct {
	accessKeyID, date, region, service, terminator string
}

// auth is what the client claims: the credential scope, the time, the signed headers and the signature.
type auth struct {
	presigned     bool
	cred          credential
	amzDate       string
	expires       time.Duration // presigned only
	signedHeaders string
	signature     string
	contentSHA256 string // the client's X-Amz-Content-Sha256, if any
	query         url.Values
}

// parseRequest finds the signature in the Authorization header or in the query string.
func parseRequest(r *http.Request) (*auth, error) {
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, incomplete("The query string is malformed.")
	}
	headers := r.Header.Values("Authorization")
	presigned := query.Has(queryAlgorithm) || query.Has(queryCredential) || query.Has(querySignature) ||
		query.Has(querySignedHeaders)
	switch {
	case len(headers) > 0 && presigned:
		return nil, incomplete("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter " +
			"or the Authorization header should be specified.")
	case len(headers) > 1:
		return nil, incomplete("Only one Authorization header is allowed.")
	case len(headers) == 1:
		a, err := parseAuthorization(headers[0])
		if err != nil {
			return nil, err
		}
		dates := r.Header.Values(queryDate)
		if len(dates) != 1 {
			return nil, incomplete("Authorization header requires existence of a 'X-Amz-Date' header.")
		}
		a.amzDate = dates[0]
		if a.contentSHA256, err = single(r.Header.Values(contentSHA256), contentSHA256); err != nil {
			return nil, err
		}
		a.query = query
		return a, nil
	case presigned:
		return parsePresigned(r, query)
	}
	return nil, missingToken()
}

// parseAuthorization parses "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...".
func parseAuthorization(header string) (*auth, error) {
	alg, rest, _ := strings.Cut(strings.TrimSpace(header), " ")
	if alg != algorithm {
		return nil, incomplete("Unsupported authorization type; only " + algorithm + " is accepted.")
	}
	fields := map[string]string{}
	for part := range strings.SplitSeq(rest, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, incomplete("Invalid key=value pair (missing equal-sign) in Authorization header.")
		}
		if _, dup := fields[k]; dup {
			return nil, incomplete("Duplicate '" + k + "' parameter in Authorization header.")
		}
		switch k {
		case "Credential", "SignedHeaders", "Signature":
			fields[k] = val
		default:
			return nil, incomplete("Unexpected parameter in Authorization header.")
		}
	}
	for _, k := range []string{"Credential", "SignedHeaders", "Signature"} {
		if fields[k] == "" {
			return nil, incomplete("Authorization header requires '" + k + "' parameter.")
		}
	}
	cred, err := parseCredential(fields["Credential"])
	if err != nil {
		return nil, err
	}
	return &auth{cred: cred, signedHeaders: fields["SignedHeaders"], signature: fields["Signature"]}, nil
}

func parsePresigned(r *http.Request, query url.Values) (*auth, error) {
	const required = "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', " +
		"'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date', 'X-Amz-Expires'. Re-examine the query-string parameters."
	v := map[string]string{}
	names := []string{queryAlgorithm, queryCredential, querySignature, querySignedHeaders, queryDate, queryExpires}
	for _, k := range names {
		vals := query[k]
		if len(vals) != 1 || vals[0] == "" {
			return nil, incomplete(required)
		}
		v[k] = vals[0]
	}
	if v[queryAlgorithm] != algorithm {
		return nil, incomplete("X-Amz-Algorithm only supports \"" + algorithm + "\".")
	}
	cred, err := parseCredential(v[queryCredential])
	if err != nil {
		return nil, err
	}
	secs, err := strconv.ParseUint(v[queryExpires], 10, 32)
	if err != nil {
		return nil, incomplete("X-Amz-Expires should be a number of seconds.")
	}
	expires := time.Duration(secs) * time.Second
	if expires > maxPresignExpires {
		return nil, incomplete("X-Amz-Expires must be less than a week (in seconds) that is 604800.")
	}
	sha, err := single(query[contentSHA256], contentSHA256)
	if err != nil {
		return nil, err
	}
	if sha == "" {
		if sha, err = single(r.Header.Values(contentSHA256), contentSHA256); err != nil {
			return nil, err
		}
	}
	return &auth{
		presigned:     true,
		cred:          cred,
		amzDate:       v[queryDate],
		expires:       expires,
		signedHeaders: v[querySignedHeaders],
		signature:     v[querySignature],
		contentSHA256: sha,
		query:         query,
	}, nil
}

func parseCredential(s string) (credential, error) {
	parts := strings.Split(s, "/")
	if len(parts) != 5 {
		return credential{}, incomplete("Credential must have exactly 5 slash-delimited elements, " +
			"e.g. keyid/date/region/service/term, got " + strconv.Itoa(len(parts)) + ".")
	}
	if parts[0] == "" {
		return credential{}, incomplete("Credential must include an access key ID.")
	}
	return credential{
		accessKeyID: parts[0], date: parts[1], region: parts[2], service: parts[3], terminator: parts[4],
	}, nil
}

// single returns the one value of a header or parameter that may be absent but must not be repeated.
func single(vals []string, name string) (string, error) {
	switch len(vals) {
	case 0:
		return "", nil
	case 1:
		return vals[0], nil
	}
	return "", incomplete("Only one '" + name + "' is allowed.")
}
