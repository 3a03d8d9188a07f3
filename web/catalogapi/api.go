// Package catalogapi is the portal's second face: the AWS Marketplace
// Catalog API (service model marketplace-catalog-2018-09-17, protocol
// rest-json) at AWS's own paths, so that the official SDKs and the AWS CLI
// work against the portal with nothing but --endpoint-url. Requests are
// signed with an IAM user's access key (Signature Version 4, checked by
// web/sigv4), and every operation calls the same application core as the
// pages, authorized by the caller's IAM policies.
package catalogapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/domain/changesets"
	"github.com/mlportal/portal/web/sigv4"
)

// Region and service name the API signs with.
const (
	Region      = "us-east-1"
	SigningName = "aws-marketplace"
)

// Config tunes the API.
type Config struct {
	// TokenKey signs paging tokens (NextToken), so a client cannot forge or
	// alter one; at least 32 bytes.
	TokenKey []byte
	// RatePerSecond and Burst limit each access key; zero means 10 and 20.
	RatePerSecond float64
	Burst         int
	Clock         domain.Clock
	Log           *slog.Logger
}

// API serves the Catalog API operations.
type API struct {
	core       *app.App
	changeSets *changesets.Service
	documents  Documents
	tags       TagStore
	verifier   *sigv4.Verifier
	tokens     tokenCodec
	cfg        Config

	mu       sync.Mutex
	limiters map[string]*rate.Limiter
}

// New returns the API over core, its change set service, the documents of
// entities and the tags of resources.
func New(core *app.App, changeSets *changesets.Service, documents Documents, tags TagStore, cfg Config) (*API, error) {
	if len(cfg.TokenKey) < 32 {
		return nil, errors.New("catalogapi: the token key must be at least 32 bytes")
	}
	if cfg.RatePerSecond == 0 {
		cfg.RatePerSecond, cfg.Burst = 10, 20
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	a := &API{core: core, changeSets: changeSets, documents: documents, tags: tags, tokens: tokenCodec{key: cfg.TokenKey}, cfg: cfg,
		limiters: map[string]*rate.Limiter{}}
	a.verifier = &sigv4.Verifier{Region: Region, Service: SigningName, Now: cfg.Clock.Now, MaxSkew: 15 * time.Minute,
		MaxBody: maxBody, Lookup: a.lookup}
	return a, nil
}

// maxBody is the largest request body the signature check reads; the
// server's body limit (2 MB by default) answers larger ones first.
const maxBody = 2 << 20

// Register adds the operations to e at AWS's paths. They sit outside the
// pages' session, CSRF and input-gate middleware: a signature, not a
// cookie, says who is calling.
func (a *API) Register(e *echo.Echo) {
	g := e.Group("", a.authenticate)
	g.POST("/ListEntities", a.listEntities)
	g.GET("/DescribeEntity", a.describeEntity)
	g.POST("/BatchDescribeEntities", a.batchDescribeEntities)
	g.POST("/StartChangeSet", a.startChangeSet)
	g.GET("/DescribeChangeSet", a.describeChangeSet)
	g.POST("/ListChangeSets", a.listChangeSets)
	g.PATCH("/CancelChangeSet", a.cancelChangeSet)
	g.POST("/TagResource", a.tagResource)
	g.POST("/UntagResource", a.untagResource)
	g.POST("/ListTagsForResource", a.listTagsForResource)
}

// Paths lists the operations' paths, so the pages' router can leave them
// alone.
func Paths() []string {
	return []string{"/ListEntities", "/DescribeEntity", "/BatchDescribeEntities", "/StartChangeSet", "/DescribeChangeSet",
		"/ListChangeSets", "/CancelChangeSet", "/TagResource", "/UntagResource", "/ListTagsForResource"}
}

// callerSlot carries the caller the signature check read from the
// verifier's lookup to the middleware, so a request reads its key once.
type callerSlot struct{ caller *domain.APICaller }

type callerSlotKey struct{}

// lookup gives the verifier the secret of an active access key, and keeps
// the caller in the request's slot.
func (a *API) lookup(ctx context.Context, keyID string) (sigv4.Credential, error) {
	caller, err := a.core.APICredentials(ctx, keyID)
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return sigv4.Credential{}, sigv4.ErrUnknownKey
		}
		return sigv4.Credential{}, err
	}
	if caller.Key.Status != domain.AccessKeyActive {
		return sigv4.Credential{}, sigv4.ErrUnknownKey
	}
	if slot, ok := ctx.Value(callerSlotKey{}).(*callerSlot); ok {
		slot.caller = &caller
	}
	return sigv4.Credential{AccessKeyID: keyID, Secret: caller.Secret}, nil
}

// callerKey is the echo.Context key of the authenticated principal.
const callerKey = "catalog-api-principal"

// authenticate verifies the signature, limits the key's rate and records
// the principal for the handler.
func (a *API) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		slot := &callerSlot{}
		r := c.Request().WithContext(context.WithValue(c.Request().Context(), callerSlotKey{}, slot))
		c.SetRequest(r)
		keyID, err := a.verifier.Verify(r)
		if err != nil {
			var serr *sigv4.Error
			if errors.As(err, &serr) {
				a.cfg.Log.InfoContext(r.Context(), "catalog API request refused", "error_type", serr.Code,
					"path", r.URL.Path)
				return writeError(c, &apiError{Status: serr.Status, Type: serr.Code, Message: serr.Message})
			}
			return a.internal(c, err)
		}
		if !a.allow(keyID) {
			return writeError(c, &apiError{Status: http.StatusTooManyRequests, Type: "ThrottlingException",
				Message: "Rate exceeded"})
		}
		caller := slot.caller
		if caller == nil || caller.Key.ID != keyID {
			return a.internal(c, errors.New("catalogapi: the signature check kept no caller"))
		}
		if usedLongAgo(caller.Key, a.cfg.Clock.Now()) {
			if err := a.core.MarkAccessKeyUsed(r.Context(), keyID, SigningName); err != nil {
				a.cfg.Log.WarnContext(r.Context(), "recording an access key's use", "err", err)
			}
		}
		c.Set(callerKey, caller.Principal)
		return next(c)
	}
}

// usedLongAgo reports whether a key's last use is worth writing again:
// the store keeps it to the minute, so a busy key is not a write per call.
func usedLongAgo(k domain.AccessKey, now time.Time) bool {
	return k.LastUsedAt == nil || k.LastUsedService != SigningName ||
		now.Sub(*k.LastUsedAt) >= domain.AccessKeyUseGranularity
}

// allow takes one request from the key's budget.
func (a *API) allow(keyID string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	l, ok := a.limiters[keyID]
	if !ok {
		l = rate.NewLimiter(rate.Limit(a.cfg.RatePerSecond), a.cfg.Burst)
		a.limiters[keyID] = l
	}
	return l.Allow()
}

// principal is the caller of an authenticated request.
func principal(c echo.Context) domain.Principal {
	p, _ := c.Get(callerKey).(domain.Principal)
	return p
}

// decode reads a JSON request body strictly: an unknown member or a wrong
// type is a ValidationException naming it.
func decode(c echo.Context, v any) error {
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &apiError{Status: http.StatusUnprocessableEntity, Type: "ValidationException",
			Message: "Request body is not valid: " + jsonProblem(err)}
	}
	if dec.More() {
		return &apiError{Status: http.StatusUnprocessableEntity, Type: "ValidationException",
			Message: "Request body is not valid: extra data after the JSON object."}
	}
	return nil
}

// jsonProblem names what is wrong with a JSON document, without echoing it.
func jsonProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return "member " + typeErr.Field + " has the wrong type (" + typeErr.Value + ")."
	case errors.As(err, &syntaxErr):
		return "malformed JSON."
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}

// iso is the time format of the API's DateTimeISO8601 members.
func iso(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}
