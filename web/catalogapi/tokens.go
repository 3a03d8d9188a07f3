package catalogapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// tokenCodec makes the opaque NextToken of a list: the position to go on
// from and a digest of the query it belongs to, signed with HMAC-SHA256, so
// a client can neither forge a position nor use one query's token with
// another query.
type tokenCodec struct{ key []byte }

// page is where a list goes on from.
type page struct {
	// Query is a digest of the request's filters and sort.
	Query string `json:"q"`
	// Offset is how many items the previous pages gave (ListEntities);
	// AfterTime and AfterID the last item (ListChangeSets).
	Offset    int    `json:"o,omitempty"`
	AfterTime string `json:"t,omitempty"`
	AfterID   string `json:"i,omitempty"`
}

// queryDigest names a request's filters and sort, whatever their order of
// members.
func queryDigest(parts ...any) string {
	b, _ := json.Marshal(parts)
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

func (t tokenCodec) encode(p page) string {
	body, _ := json.Marshal(p)
	payload := base64.RawURLEncoding.EncodeToString(body)
	return payload + "." + t.sign(payload)
}

// decode returns the page of token, or false when the token was not made
// here or was made for another query.
func (t tokenCodec) decode(token, query string) (page, bool) {
	payload, sig, ok := strings.Cut(token, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(t.sign(payload))) {
		return page{}, false
	}
	body, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return page{}, false
	}
	var p page
	if err := json.Unmarshal(body, &p); err != nil || p.Query != query || p.Offset < 0 {
		return page{}, false
	}
	return p, true
}

func (t tokenCodec) sign(payload string) string {
	mac := hmac.New(sha256.New, t.key)
	mac.Write([]byte("catalog API page|" + payload))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}
