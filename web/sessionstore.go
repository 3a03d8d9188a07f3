package web

import (
	"crypto/rand"
	"encoding/base32"
	"maps"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"github.com/mlportal/portal/domain"
)

// dbStore is a gorilla sessions.Store that keeps session values in the
// database and only a signed session ID in the cookie. Server-side sessions
// let logout and ID renewal end a session for good, in every server process.
type dbStore struct {
	repo    domain.SessionRepository
	codecs  []securecookie.Codec
	options sessions.Options
	clock   domain.Clock
	// prefix goes before the session name in the cookie's name.
	prefix string
	// clientAddress says where a request comes from, as the sign-in limits
	// see it, for the list of active sessions.
	clientAddress func(*http.Request) string
	// decoded remembers decoded cookies and session data.
	decoded *decodedSessions
}

var _ sessions.Store = (*dbStore)(nil)

// newDBStore signs and encrypts with keys derived from secret. A Secure
// cookie is named with the __Host- prefix (see hostCookieName).
func newDBStore(repo domain.SessionRepository, hashKey, blockKey []byte, opts sessions.Options, clock domain.Clock,
	clientAddress func(*http.Request) string) *dbStore {
	codec := securecookie.New(hashKey, blockKey)
	codec.MaxAge(opts.MaxAge)
	// Values live in the database, not in the cookie, so they may exceed
	// the 4 KiB a cookie allows.
	codec.MaxLength(64 * 1024)
	prefix := ""
	if opts.Secure {
		// __Host- requires what the prefix promises: Path=/ and no Domain.
		opts.Path, opts.Domain = "/", ""
		prefix = hostCookieName("", true)
	}
	return &dbStore{repo: repo, codecs: []securecookie.Codec{codec}, options: opts, clock: clock, prefix: prefix,
		clientAddress: clientAddress, decoded: &decodedSessions{}}
}

// Get returns the session of the request, cached for the request's lifetime.
func (s *dbStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New loads the session named by the request's cookie. A missing, tampered or
// expired cookie yields a fresh empty session, never an error page.
func (s *dbStore) New(r *http.Request, name string) (*sessions.Session, error) {
	session := sessions.NewSession(s, name)
	opts := s.options
	session.Options = &opts
	session.IsNew = true
	cookie, err := r.Cookie(s.prefix + name)
	if err != nil {
		return session, nil
	}
	id, ok := s.decoded.cookieID(name, cookie.Value, s.codecs)
	if !ok {
		return session, nil
	}
	rec, err := s.repo.Session(r.Context(), domain.TokenHash(id), s.clock.Now())
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return session, nil
		}
		return session, err
	}
	// However active, a signed-in session ends one lifetime after sign-in
	// (ASVS 3.3.2): saving it pushes its expiry on, never this.
	if rec.UserID != 0 && !rec.CreatedAt.IsZero() && s.clock.Now().Sub(rec.CreatedAt) >= s.maxLifetime() {
		return session, nil
	}
	values, ok := s.decoded.values(name, rec.Data, s.codecs)
	if !ok {
		return session, nil
	}
	session.Values = values
	session.ID = id
	session.IsNew = false
	if h, ok := r.Context().Value(signedInKey{}).(*signedIn); ok && rec.User != nil {
		h.user, h.account = rec.User, rec.Account
	}
	return session, nil
}

// signedIn carries the user and account the session store read with the
// session to loadUser, through the request's context.
type signedIn struct {
	user    *domain.User
	account *domain.Account
}

type signedInKey struct{}

// Save writes the session and its cookie; a negative MaxAge deletes both.
func (s *dbStore) Save(r *http.Request, w http.ResponseWriter, session *sessions.Session) error {
	if session.Options.MaxAge < 0 {
		if session.ID != "" {
			if err := s.repo.DeleteSession(r.Context(), domain.TokenHash(session.ID)); err != nil {
				return err
			}
		}
		http.SetCookie(w, sessions.NewCookie(s.prefix+session.Name(), "", session.Options))
		return nil
	}
	if session.ID == "" {
		id, err := newSessionID()
		if err != nil {
			return err
		}
		session.ID = id
	}
	data, err := securecookie.EncodeMulti(session.Name(), session.Values, s.codecs...)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	userID, _ := session.Values[keyUserID].(int64)
	rec := domain.SessionRecord{ID: domain.TokenHash(session.ID), Data: data, ExpiresAt: now.Add(time.Duration(session.Options.MaxAge) * time.Second),
		UserID: userID, CreatedAt: now, UserAgent: cleanUserAgent(r.UserAgent()), ClientAddress: s.clientAddress(r)}
	if err := s.repo.SaveSession(r.Context(), rec); err != nil {
		return err
	}
	encoded, err := securecookie.EncodeMulti(session.Name(), session.ID, s.codecs...)
	if err != nil {
		return err
	}
	http.SetCookie(w, sessions.NewCookie(s.prefix+session.Name(), encoded, session.Options))
	return nil
}

// maxLifetime is the longest a session lasts, active or not.
func (s *dbStore) maxLifetime() time.Duration { return time.Duration(s.options.MaxAge) * time.Second }

// maxUserAgent is as much of a browser's User-Agent as the session list keeps.
const maxUserAgent = 200

// cleanUserAgent makes a User-Agent header, which a client may fill with
// anything, fit to store and show: valid UTF-8 without control characters,
// at most maxUserAgent characters.
func cleanUserAgent(ua string) string {
	ua = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, strings.ToValidUTF8(ua, ""))
	if utf8.RuneCountInString(ua) > maxUserAgent {
		ua = string([]rune(ua)[:maxUserAgent])
	}
	return strings.TrimSpace(ua)
}

// newSessionID returns 256 random bits, base32-encoded.
func newSessionID() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return strings.TrimRight(base32.StdEncoding.EncodeToString(b), "="), nil
}

// decodedSessions remembers what a session cookie and a session's stored
// data decoded to. Both are signed, encrypted and gob-encoded, and every
// signed-in page decoded both again: a fifth of a seller page's time. The
// same bytes always decode to the same values, so the decoding is kept by
// the bytes (only successful decodings, so a forged cookie is checked each
// time); a session's values are handed out as a copy, since handlers
// change them.
type decodedSessions struct {
	mu      sync.RWMutex
	ids     map[string]string
	data    map[string]map[any]any
	entries int
}

// maxDecodedSessions bounds the memory; past it, decoding starts over.
const maxDecodedSessions = 20_000

func (d *decodedSessions) cookieID(name, value string, codecs []securecookie.Codec) (string, bool) {
	key := name + "\x00" + value
	d.mu.RLock()
	id, ok := d.ids[key]
	d.mu.RUnlock()
	if ok {
		return id, true
	}
	if err := securecookie.DecodeMulti(name, value, &id, codecs...); err != nil {
		return "", false
	}
	d.mu.Lock()
	d.makeRoom()
	d.ids[key] = id
	d.mu.Unlock()
	return id, true
}

func (d *decodedSessions) values(name, data string, codecs []securecookie.Codec) (map[any]any, bool) {
	key := name + "\x00" + data
	d.mu.RLock()
	kept, ok := d.data[key]
	d.mu.RUnlock()
	if !ok {
		if err := securecookie.DecodeMulti(name, data, &kept, codecs...); err != nil {
			return nil, false
		}
		d.mu.Lock()
		d.makeRoom()
		d.data[key] = kept
		d.mu.Unlock()
	}
	return maps.Clone(kept), true
}

// makeRoom starts over when full; the caller holds the lock.
func (d *decodedSessions) makeRoom() {
	if d.ids == nil || d.entries >= maxDecodedSessions {
		d.ids, d.data, d.entries = map[string]string{}, map[string]map[any]any{}, 0
	}
	d.entries++
}
