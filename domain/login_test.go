package domain

import (
	"context"
	"errors"
	"maps"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// testClient is the client address of tests that do not care about it.
const testClient ClientAddress = "192.0.2.1"

func TestThrottlePolicyAccountAttempt(t *testing.T) {
	p := ThrottlePolicy{FreeFailures: 3, BaseDelay: time.Second, MaxDelay: 8 * time.Second, Window: 10 * time.Minute}
	long := ThrottlePolicy{FreeFailures: 1, BaseDelay: 2 * time.Minute, MaxDelay: 4 * time.Minute, Window: time.Hour}
	tests := []struct {
		name     string
		policy   ThrottlePolicy
		in       LoginThrottle
		now      time.Time
		want     LoginThrottle
		refused  Message
		waitData map[string]any
	}{
		{
			name: "first failure is counted, no wait",
			in:   LoginThrottle{Key: "a@b.com"},
			now:  t0,
			want: LoginThrottle{Key: "a@b.com", Failures: 1, WindowStart: t0},
		},
		{
			name: "the last free failure makes the next attempt wait BaseDelay",
			in:   LoginThrottle{Key: "a@b.com", Failures: 2, WindowStart: t0},
			now:  t0,
			want: LoginThrottle{Key: "a@b.com", Failures: 3, WindowStart: t0, LockedUntil: t0.Add(time.Second)},
		},
		{
			name: "each further failure doubles the wait",
			in:   LoginThrottle{Key: "a@b.com", Failures: 4, WindowStart: t0, LockedUntil: t0.Add(2 * time.Second)},
			now:  t0.Add(2 * time.Second),
			want: LoginThrottle{Key: "a@b.com", Failures: 5, WindowStart: t0.Add(2 * time.Second),
				LockedUntil: t0.Add(6 * time.Second)},
		},
		{
			name: "the wait is capped at MaxDelay",
			in:   LoginThrottle{Key: "a@b.com", Failures: 40, WindowStart: t0, LockedUntil: t0},
			now:  t0.Add(time.Minute),
			want: LoginThrottle{Key: "a@b.com", Failures: 41, WindowStart: t0.Add(time.Minute),
				LockedUntil: t0.Add(time.Minute + 8*time.Second)},
		},
		{
			name:     "an attempt during the wait is refused and not counted",
			in:       LoginThrottle{Key: "a@b.com", Failures: 3, WindowStart: t0, LockedUntil: t0.Add(4 * time.Second)},
			now:      t0.Add(1500 * time.Millisecond),
			want:     LoginThrottle{Key: "a@b.com", Failures: 3, WindowStart: t0, LockedUntil: t0.Add(4 * time.Second)},
			refused:  MsgSignInWaitSeconds,
			waitData: map[string]any{"Seconds": 3, "Minutes": 1},
		},
		{
			name:     "a wait over a minute and a half is told in minutes",
			policy:   long,
			in:       LoginThrottle{Key: "a@b.com", Failures: 2, WindowStart: t0, LockedUntil: t0.Add(4 * time.Minute)},
			now:      t0.Add(time.Minute),
			want:     LoginThrottle{Key: "a@b.com", Failures: 2, WindowStart: t0, LockedUntil: t0.Add(4 * time.Minute)},
			refused:  MsgSignInWaitMinutes,
			waitData: map[string]any{"Seconds": 180, "Minutes": 3},
		},
		{
			name: "failures are forgotten after Window without one",
			in:   LoginThrottle{Key: "a@b.com", Failures: 9, WindowStart: t0, LockedUntil: t0.Add(8 * time.Second)},
			now:  t0.Add(10*time.Minute + time.Nanosecond),
			want: LoginThrottle{Key: "a@b.com", Failures: 1, WindowStart: t0.Add(10*time.Minute + time.Nanosecond)},
		},
		{
			name: "exactly Window after the last failure they still count",
			in:   LoginThrottle{Key: "a@b.com", Failures: 3, WindowStart: t0, LockedUntil: t0.Add(time.Second)},
			now:  t0.Add(10 * time.Minute),
			want: LoginThrottle{Key: "a@b.com", Failures: 4, WindowStart: t0.Add(10 * time.Minute),
				LockedUntil: t0.Add(10*time.Minute + 2*time.Second)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			policy := p
			if tt.policy != (ThrottlePolicy{}) {
				policy = tt.policy
			}
			got, err := policy.AccountAttempt(tt.in, tt.now)
			if got != tt.want {
				t.Errorf("AccountAttempt() = %+v, want %+v", got, tt.want)
			}
			if tt.refused == "" {
				if err != nil {
					t.Fatalf("AccountAttempt() error = %v, want it allowed", err)
				}
				return
			}
			e := wantError(t, err, ETOOMANY, tt.refused)
			if !maps.Equal(e.Data, tt.waitData) {
				t.Errorf("Data = %v, want %v", e.Data, tt.waitData)
			}
		})
	}
}

func TestThrottlePolicyAccountDelaySequence(t *testing.T) {
	p := DefaultThrottlePolicy
	th := LoginThrottle{Key: "a@b.com"}
	now := t0
	var waits []time.Duration
	for range p.FreeFailures + 12 {
		var err error
		if th, err = p.AccountAttempt(th, now); err != nil {
			t.Fatalf("attempt %d at the allowed time refused: %v", th.Failures+1, err)
		}
		if th.Locked(now) {
			waits = append(waits, th.LockedUntil.Sub(now))
			now = th.LockedUntil
		}
	}
	want := []time.Duration{1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300}
	if len(waits) != len(want) {
		t.Fatalf("waits = %v, want %v seconds", waits, want)
	}
	for i := range want {
		if waits[i] != want[i]*time.Second {
			t.Errorf("wait %d = %v, want %v", i+1, waits[i], want[i]*time.Second)
		}
	}
}

func TestThrottlePolicyHardLimits(t *testing.T) {
	p := ThrottlePolicy{Window: 10 * time.Minute, PairLimit: 3, ClientLimit: 5, SignupLimit: 2, SignupWindow: time.Hour}
	type rule func(ThrottlePolicy, LoginThrottle, time.Time) (LoginThrottle, error)
	pair, client, signup := ThrottlePolicy.PairAttempt, ThrottlePolicy.ClientAttempt, ThrottlePolicy.SignupAttempt
	tests := []struct {
		name    string
		rule    rule
		in      LoginThrottle
		now     time.Time
		want    LoginThrottle
		refused Message
		minutes int
	}{
		{
			name: "first attempt opens a window",
			rule: pair,
			in:   LoginThrottle{Key: "k"},
			now:  t0,
			want: LoginThrottle{Key: "k", Failures: 1, WindowStart: t0},
		},
		{
			name: "the attempt reaching the limit is allowed and locks the rest of the window",
			rule: pair,
			in:   LoginThrottle{Key: "k", Failures: 2, WindowStart: t0},
			now:  t0.Add(time.Minute),
			want: LoginThrottle{Key: "k", Failures: 3, WindowStart: t0, LockedUntil: t0.Add(10 * time.Minute)},
		},
		{
			name:    "over the pair limit is refused until the window ends",
			rule:    pair,
			in:      LoginThrottle{Key: "k", Failures: 3, WindowStart: t0, LockedUntil: t0.Add(10 * time.Minute)},
			now:     t0.Add(2 * time.Minute),
			want:    LoginThrottle{Key: "k", Failures: 3, WindowStart: t0, LockedUntil: t0.Add(10 * time.Minute)},
			refused: MsgTooManyAttempts,
			minutes: 8,
		},
		{
			name: "the window's end starts a new count",
			rule: pair,
			in:   LoginThrottle{Key: "k", Failures: 3, WindowStart: t0, LockedUntil: t0.Add(10 * time.Minute)},
			now:  t0.Add(10 * time.Minute),
			want: LoginThrottle{Key: "k", Failures: 1, WindowStart: t0.Add(10 * time.Minute), LockedUntil: t0.Add(10 * time.Minute)},
		},
		{
			name: "the client limit is its own",
			rule: client,
			in:   LoginThrottle{Key: "k", Failures: 3, WindowStart: t0},
			now:  t0,
			want: LoginThrottle{Key: "k", Failures: 4, WindowStart: t0},
		},
		{
			name:    "over the client limit is refused with the client's message",
			rule:    client,
			in:      LoginThrottle{Key: "k", Failures: 5, WindowStart: t0, LockedUntil: t0.Add(10 * time.Minute)},
			now:     t0.Add(9*time.Minute + 50*time.Second),
			want:    LoginThrottle{Key: "k", Failures: 5, WindowStart: t0, LockedUntil: t0.Add(10 * time.Minute)},
			refused: MsgClientTooMany,
			minutes: 1,
		},
		{
			name: "sign-ups count per SignupWindow",
			rule: signup,
			in:   LoginThrottle{Key: "k", Failures: 1, WindowStart: t0},
			now:  t0.Add(30 * time.Minute),
			want: LoginThrottle{Key: "k", Failures: 2, WindowStart: t0, LockedUntil: t0.Add(time.Hour)},
		},
		{
			name:    "over the sign-up limit is refused",
			rule:    signup,
			in:      LoginThrottle{Key: "k", Failures: 2, WindowStart: t0, LockedUntil: t0.Add(time.Hour)},
			now:     t0.Add(45 * time.Minute),
			want:    LoginThrottle{Key: "k", Failures: 2, WindowStart: t0, LockedUntil: t0.Add(time.Hour)},
			refused: MsgSignupTooMany,
			minutes: 15,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.rule(p, tt.in, tt.now)
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if tt.refused == "" {
				if err != nil {
					t.Fatalf("error = %v, want the attempt allowed", err)
				}
				return
			}
			e := wantError(t, err, ETOOMANY, tt.refused)
			if e.Data["Minutes"] != tt.minutes {
				t.Errorf("Data[Minutes] = %v, want %d", e.Data["Minutes"], tt.minutes)
			}
		})
	}
}

func TestThrottleKeysStayShort(t *testing.T) {
	long := strings.Repeat("a", 300) + "@example.com"
	for _, key := range []string{accountThrottleKey(long), throttleKey("pair", long, "192.0.2.1")} {
		if len(key) > maxThrottleKey {
			t.Errorf("key of %d characters, want at most %d", len(key), maxThrottleKey)
		}
	}
	if accountThrottleKey(long) == accountThrottleKey(long+"x") {
		t.Error("two long emails share one key")
	}
	for _, typed := range []string{"client|192.0.2.1", "pair|a@b.com|192.0.2.1", "signup|192.0.2.1"} {
		if key := accountThrottleKey(typed); strings.HasPrefix(key, strings.SplitN(typed, "|", 2)[0]+"|") {
			t.Errorf("typed email %q names another kind's record %q", typed, key)
		}
	}
	if got := accountThrottleKey("alice@example.com"); got != "alice@example.com" {
		t.Errorf("short account key = %q, want the email", got)
	}
}

func TestLoginThrottleLocked(t *testing.T) {
	tests := []struct {
		name string
		th   LoginThrottle
		now  time.Time
		want bool
	}{
		{"zero record", LoginThrottle{}, t0, false},
		{"before LockedUntil", LoginThrottle{LockedUntil: t0.Add(time.Minute)}, t0, true},
		{"at LockedUntil", LoginThrottle{LockedUntil: t0}, t0, false},
		{"after LockedUntil", LoginThrottle{LockedUntil: t0}, t0.Add(time.Nanosecond), false},
	}
	for _, tt := range tests {
		if got := tt.th.Locked(tt.now); got != tt.want {
			t.Errorf("%s: Locked() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// fakeAccounts is an in-memory AccountRepository. conflicts lists errors that
// CreateAccount returns, one per call, before it starts storing.
type fakeAccounts struct {
	mu        sync.Mutex
	accounts  map[string]Account
	users     map[int64]User
	nextID    int64
	conflicts []error
	calls     []string // account IDs passed to CreateAccount
}

func newFakeAccounts() *fakeAccounts {
	return &fakeAccounts{accounts: map[string]Account{}, users: map[int64]User{}}
}

func (f *fakeAccounts) CreateAccount(_ context.Context, a *Account, root *User) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, a.ID)
	if len(f.conflicts) > 0 {
		err := f.conflicts[0]
		f.conflicts = f.conflicts[1:]
		return err
	}
	if _, ok := f.accounts[a.ID]; ok {
		return &Error{Code: ECONFLICT}
	}
	for _, u := range f.users {
		if u.Email == root.Email {
			return &Error{Code: ECONFLICT, Message: MsgEmailTaken}
		}
	}
	f.nextID++
	root.ID = f.nextID
	f.accounts[a.ID] = *a
	f.users[root.ID] = *root
	return nil
}

func (f *fakeAccounts) UserByEmail(_ context.Context, email string) (*User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range f.users {
		if u.Email == email {
			return &u, nil
		}
	}
	return nil, Errorf(ENOTFOUND, MsgNotFound)
}

func (f *fakeAccounts) UserByID(_ context.Context, id int64) (*User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if u, ok := f.users[id]; ok {
		return &u, nil
	}
	return nil, Errorf(ENOTFOUND, MsgNotFound)
}

func (f *fakeAccounts) AccountByID(_ context.Context, id string) (*Account, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if a, ok := f.accounts[id]; ok {
		return &a, nil
	}
	return nil, Errorf(ENOTFOUND, MsgNotFound)
}

// fakeThrottles is an in-memory LoginThrottleRepository whose updates are
// serialized by its mutex, as the database's are by its row lock.
type fakeThrottles struct {
	mu      sync.Mutex
	records map[string]LoginThrottle
}

func newFakeThrottles() *fakeThrottles { return &fakeThrottles{records: map[string]LoginThrottle{}} }

func (f *fakeThrottles) UpdateThrottle(_ context.Context, key string,
	update func(LoginThrottle) (LoginThrottle, error)) (LoginThrottle, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.records[key]
	if !ok {
		r = LoginThrottle{Key: key}
	}
	next, err := update(r)
	if err != nil {
		return LoginThrottle{}, err
	}
	f.records[key] = next
	return next, nil
}

func (f *fakeThrottles) DeleteThrottle(_ context.Context, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.records, key)
	return nil
}

func (f *fakeThrottles) get(key string) (LoginThrottle, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.records[key]
	return r, ok
}

type authFixture struct {
	svc       *AuthService
	accounts  *fakeAccounts
	throttles *fakeThrottles
	clock     *FakeClock
}

func newAuthFixture() *authFixture {
	f := &authFixture{accounts: newFakeAccounts(), throttles: newFakeThrottles(), clock: NewFakeClock(t0)}
	f.svc = &AuthService{
		Accounts:  f.accounts,
		Throttles: f.throttles,
		Hasher:    NewFastHasher(),
		Clock:     f.clock,
		Policy:    DefaultThrottlePolicy,
	}
	return f
}

// signup opens an account for email with validPassword or fails the test.
func (f *authFixture) signup(t *testing.T, email string) *User {
	t.Helper()
	_, u, err := f.svc.Signup(context.Background(), testClient, SignupInput{AccountName: "Acme", Email: email, Password: validPassword})
	if err != nil {
		t.Fatalf("Signup(%q) error = %v", email, err)
	}
	return u
}

// wantError fails the test unless err is an *Error with code and message.
func wantError(t *testing.T, err error, code string, msg Message) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *domain.Error %s/%s", err, err, code, msg)
	}
	if e.Code != code || e.Message != msg {
		t.Fatalf("error = %s/%s, want %s/%s", e.Code, e.Message, code, msg)
	}
	return e
}

func TestAuthServiceSignup(t *testing.T) {
	f := newAuthFixture()
	ctx := context.Background()
	acct, user, err := f.svc.Signup(ctx, testClient, SignupInput{
		AccountName: "  Acme Corp ",
		Email:       " Alice@Example.COM ",
		Password:    validPassword,
	})
	if err != nil {
		t.Fatalf("Signup() error = %v", err)
	}
	if !IsAccountID(acct.ID) {
		t.Errorf("account ID = %q, want 12 digits", acct.ID)
	}
	if acct.Name != "Acme Corp" {
		t.Errorf("account name = %q, want %q", acct.Name, "Acme Corp")
	}
	if !acct.CreatedAt.Equal(t0) || !user.CreatedAt.Equal(t0) {
		t.Errorf("CreatedAt = %v / %v, want the clock's %v", acct.CreatedAt, user.CreatedAt, t0)
	}
	if user.AccountID != acct.ID {
		t.Errorf("user.AccountID = %q, want %q", user.AccountID, acct.ID)
	}
	if user.Email != "alice@example.com" {
		t.Errorf("user.Email = %q, want normalized %q", user.Email, "alice@example.com")
	}
	if user.Role != RoleRoot || user.IsOperator() {
		t.Errorf("user.Role = %q, want %q", user.Role, RoleRoot)
	}
	if user.ID == 0 {
		t.Errorf("user.ID = 0, want the ID the repository assigned")
	}
	if user.PasswordHash == "" || strings.Contains(user.PasswordHash, validPassword) {
		t.Errorf("PasswordHash = %q, want a hash that does not contain the password", user.PasswordHash)
	}
	if !strings.HasPrefix(user.PasswordHash, "$argon2id$") {
		t.Errorf("PasswordHash = %q, want an argon2id PHC string", user.PasswordHash)
	}
	if ok, err := f.svc.Hasher.Compare(validPassword, user.PasswordHash); err != nil || !ok {
		t.Errorf("Compare(password, stored hash) = %v, %v; want true, nil", ok, err)
	}

	stored, err := f.accounts.UserByEmail(ctx, "alice@example.com")
	if err != nil {
		t.Fatalf("user not stored: %v", err)
	}
	if *stored != *user {
		t.Errorf("stored user = %+v, want %+v", *stored, *user)
	}
	if _, err := f.accounts.AccountByID(ctx, acct.ID); err != nil {
		t.Errorf("account not stored: %v", err)
	}
}

func TestAuthServiceSignupInvalidStoresNothing(t *testing.T) {
	f := newAuthFixture()
	_, _, err := f.svc.Signup(context.Background(), testClient, SignupInput{AccountName: "", Email: "nope", Password: "short"})
	e := wantError(t, err, EINVALID, MsgFormHasErrors)
	want := FieldErrors{FieldAccountName: MsgFieldRequired, FieldEmail: MsgEmailInvalid, FieldPassword: MsgPasswordTooShort}
	if !maps.Equal(e.Fields, want) {
		t.Errorf("Fields = %v, want %v", e.Fields, want)
	}
	if len(f.accounts.calls) != 0 {
		t.Errorf("CreateAccount called %d times for invalid input", len(f.accounts.calls))
	}
}

func TestAuthServiceSignupDuplicateEmail(t *testing.T) {
	f := newAuthFixture()
	f.signup(t, "alice@example.com")
	_, _, err := f.svc.Signup(context.Background(), testClient, SignupInput{AccountName: "Other", Email: "ALICE@example.com", Password: validPassword})
	e := wantError(t, err, EINVALID, MsgFormHasErrors)
	want := FieldErrors{FieldEmail: MsgEmailTaken}
	if !maps.Equal(e.Fields, want) {
		t.Errorf("Fields = %v, want %v", e.Fields, want)
	}
	if n := len(f.accounts.accounts); n != 1 {
		t.Errorf("%d accounts stored, want 1", n)
	}
}

func TestAuthServiceSignupRetriesAccountIDConflict(t *testing.T) {
	f := newAuthFixture()
	f.accounts.conflicts = []error{&Error{Code: ECONFLICT}}
	acct, user, err := f.svc.Signup(context.Background(), testClient, SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: validPassword})
	if err != nil {
		t.Fatalf("Signup() error = %v, want a retry to succeed", err)
	}
	if len(f.accounts.calls) != 2 {
		t.Fatalf("CreateAccount called %d times, want 2", len(f.accounts.calls))
	}
	if f.accounts.calls[0] == f.accounts.calls[1] {
		t.Errorf("retry reused account ID %q, want a fresh one", f.accounts.calls[0])
	}
	if acct.ID != f.accounts.calls[1] || user.AccountID != acct.ID {
		t.Errorf("returned account %q / user account %q, want the ID of the successful try %q", acct.ID, user.AccountID, f.accounts.calls[1])
	}
}

func TestAuthServiceSignupGivesUpAfterRepeatedConflicts(t *testing.T) {
	f := newAuthFixture()
	for range 10 {
		f.accounts.conflicts = append(f.accounts.conflicts, &Error{Code: ECONFLICT})
	}
	_, _, err := f.svc.Signup(context.Background(), testClient, SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: validPassword})
	wantError(t, err, EINTERNAL, MsgInternalError)
	if len(f.accounts.calls) != 5 {
		t.Errorf("CreateAccount called %d times, want 5", len(f.accounts.calls))
	}
}

func TestAuthServiceSignupRepositoryFault(t *testing.T) {
	f := newAuthFixture()
	cause := errors.New("disk on fire")
	f.accounts.conflicts = []error{Internal(cause)}
	_, _, err := f.svc.Signup(context.Background(), testClient, SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: validPassword})
	wantError(t, err, EINTERNAL, MsgInternalError)
	if !errors.Is(err, cause) {
		t.Errorf("error %v does not wrap the repository's cause", err)
	}
	if len(f.accounts.calls) != 1 {
		t.Errorf("CreateAccount called %d times, want 1 (no retry on a fault)", len(f.accounts.calls))
	}
}

func TestAuthServiceLoginMissingFields(t *testing.T) {
	tests := []struct {
		name, email, password string
		want                  FieldErrors
	}{
		{"both empty", "", "", FieldErrors{FieldEmail: MsgFieldRequired, FieldPassword: MsgFieldRequired}},
		{"blank email", "   ", validPassword, FieldErrors{FieldEmail: MsgFieldRequired}},
		{"empty password", "alice@example.com", "", FieldErrors{FieldPassword: MsgFieldRequired}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAuthFixture()
			_, err := f.svc.Login(context.Background(), testClient, tt.email, tt.password)
			e := wantError(t, err, EINVALID, MsgFormHasErrors)
			if !maps.Equal(e.Fields, tt.want) {
				t.Errorf("Fields = %v, want %v", e.Fields, tt.want)
			}
			if len(f.throttles.records) != 0 {
				t.Errorf("a missing field counted as a failed attempt: %v", f.throttles.records)
			}
		})
	}
}

func TestAuthServiceLoginSuccess(t *testing.T) {
	f := newAuthFixture()
	want := f.signup(t, "alice@example.com")
	got, err := f.svc.Login(context.Background(), testClient, "  ALICE@example.com ", validPassword)
	if err != nil {
		t.Fatalf("Login() error = %v", err)
	}
	if *got != *want {
		t.Errorf("Login() = %+v, want %+v", *got, *want)
	}
}

func TestAuthServiceLoginBadCredentials(t *testing.T) {
	tests := []struct {
		name, email, password string
	}{
		{"wrong password", "alice@example.com", validPassword + "!"},
		{"password in other case", "alice@example.com", strings.ToUpper(validPassword)},
		{"unknown email", "bob@example.com", validPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newAuthFixture()
			f.signup(t, "alice@example.com")
			u, err := f.svc.Login(context.Background(), testClient, tt.email, tt.password)
			if u != nil {
				t.Errorf("Login() user = %+v, want nil", u)
			}
			e := wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
			if len(e.Fields) != 0 || e.Data != nil {
				t.Errorf("error reveals details: Fields=%v Data=%v", e.Fields, e.Data)
			}
			th, ok := f.throttles.get(tt.email)
			if !ok || th.Failures != 1 {
				t.Errorf("throttle for %q = %+v (stored %v), want 1 failure", tt.email, th, ok)
			}
		})
	}
}

func TestAuthServiceLoginDelaysInsteadOfLocking(t *testing.T) {
	f := newAuthFixture()
	ctx := context.Background()
	want := f.signup(t, "alice@example.com")
	p := DefaultThrottlePolicy

	for range p.FreeFailures {
		_, err := f.svc.Login(ctx, testClient, "alice@example.com", "wrong password!")
		wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
	}
	// Back to back, the next attempt waits one second, even with the right
	// password and from another address, and says so.
	for _, client := range []ClientAddress{testClient, "198.51.100.7"} {
		_, err := f.svc.Login(ctx, client, "Alice@Example.com", validPassword)
		e := wantError(t, err, ETOOMANY, MsgSignInWaitSeconds)
		if e.Data["Seconds"] != 1 {
			t.Errorf("Data[Seconds] = %v, want 1", e.Data["Seconds"])
		}
	}
	// Once the second has passed, the owner signs in: no fifteen-minute lock.
	f.clock.Advance(time.Second)
	got, err := f.svc.Login(ctx, "198.51.100.7", "alice@example.com", validPassword)
	if err != nil {
		t.Fatalf("Login() after the wait: %v", err)
	}
	if got.ID != want.ID {
		t.Errorf("Login() user ID = %d, want %d", got.ID, want.ID)
	}
	if _, ok := f.throttles.get("alice@example.com"); ok {
		t.Error("the account's failures were kept after a success")
	}
}

func TestAuthServiceLoginPairLimit(t *testing.T) {
	f := newAuthFixture()
	ctx := context.Background()
	f.signup(t, "alice@example.com")
	p := DefaultThrottlePolicy

	// One address waits out every delay and uses up its tries at the account:
	// five back to back, then after 1, 2, 4, 8 and 16 seconds.
	waitOut := func() {
		th, _ := f.throttles.get("alice@example.com")
		if th.Locked(f.clock.Now()) {
			f.clock.Advance(th.LockedUntil.Sub(f.clock.Now()))
		}
	}
	for range p.PairLimit {
		waitOut()
		_, err := f.svc.Login(ctx, testClient, "alice@example.com", "wrong password!")
		wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
	}
	waitOut()
	if elapsed := f.clock.Now().Sub(t0); elapsed != 63*time.Second {
		t.Fatalf("test arithmetic: %v elapsed, want 63s", elapsed)
	}
	_, err := f.svc.Login(ctx, testClient, "alice@example.com", validPassword)
	e := wantError(t, err, ETOOMANY, MsgTooManyAttempts)
	if e.Data["Minutes"] != 14 { // 15 minutes from the first try, 63 s ago
		t.Errorf("Data[Minutes] = %v, want 14", e.Data["Minutes"])
	}
	// That address is refused until its window ends; the owner elsewhere is not.
	if _, err := f.svc.Login(ctx, "198.51.100.7", "alice@example.com", validPassword); err != nil {
		t.Fatalf("Login() from another address: %v", err)
	}
}

func TestAuthServiceLoginClientLimit(t *testing.T) {
	f := newAuthFixture()
	f.svc.Policy.ClientLimit = 3
	ctx := context.Background()
	f.signup(t, "alice@example.com")
	// Spraying many accounts from one address is held by the client limit.
	for _, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		_, err := f.svc.Login(ctx, testClient, email, "wrong password!")
		wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
	}
	_, err := f.svc.Login(ctx, testClient, "alice@example.com", validPassword)
	e := wantError(t, err, ETOOMANY, MsgClientTooMany)
	if e.Data["Minutes"] != 15 {
		t.Errorf("Data[Minutes] = %v, want 15", e.Data["Minutes"])
	}
	_, err = f.svc.LoginIAM(ctx, testClient, "123456789012", "bob", "wrong password!")
	wantError(t, err, ETOOMANY, MsgClientTooMany)
	if _, err := f.svc.Login(ctx, "198.51.100.7", "alice@example.com", validPassword); err != nil {
		t.Fatalf("Login() from another address: %v", err)
	}
}

// countingHasher counts the password comparisons made.
type countingHasher struct {
	PasswordHasher
	compares atomic.Int64
}

func (h *countingHasher) Compare(password, hash string) (bool, error) {
	h.compares.Add(1)
	return h.PasswordHasher.Compare(password, hash)
}

func TestAuthServiceLoginParallelGuessesKeepTheBudget(t *testing.T) {
	f := newAuthFixture()
	ctx := context.Background()
	f.signup(t, "alice@example.com")
	hasher := &countingHasher{PasswordHasher: f.svc.Hasher}
	f.svc.Hasher = hasher

	var wg sync.WaitGroup
	var unauthorized, throttled, other atomic.Int64
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.svc.Login(ctx, testClient, "alice@example.com", "wrong password "+string(rune('a'+i%26)))
			switch ErrorCode(err) {
			case EUNAUTHORIZED:
				unauthorized.Add(1)
			case ETOOMANY:
				throttled.Add(1)
			default:
				other.Add(1)
			}
		}()
	}
	wg.Wait()
	budget := int64(DefaultThrottlePolicy.FreeFailures)
	if n := hasher.compares.Load(); n != budget {
		t.Errorf("%d passwords compared, want the budget of %d", n, budget)
	}
	if unauthorized.Load() != budget || throttled.Load() != 100-budget || other.Load() != 0 {
		t.Errorf("answers: %d wrong, %d throttled, %d other; want %d, %d, 0",
			unauthorized.Load(), throttled.Load(), other.Load(), budget, 100-budget)
	}
	if th, _ := f.throttles.get("alice@example.com"); th.Failures != int(budget) {
		t.Errorf("account counter = %d, want %d", th.Failures, budget)
	}
}

func TestAuthServiceSignupLimit(t *testing.T) {
	f := newAuthFixture()
	ctx := context.Background()
	p := DefaultThrottlePolicy
	for i := range p.SignupLimit {
		in := SignupInput{AccountName: "Acme", Email: "owner" + string(rune('a'+i)) + "@example.com", Password: validPassword}
		if _, _, err := f.svc.Signup(ctx, testClient, in); err != nil {
			t.Fatalf("sign-up %d: %v", i+1, err)
		}
	}
	f.clock.Advance(20 * time.Minute)
	in := SignupInput{AccountName: "Acme", Email: "one.more@example.com", Password: validPassword}
	_, _, err := f.svc.Signup(ctx, testClient, in)
	e := wantError(t, err, ETOOMANY, MsgSignupTooMany)
	if e.Data["Minutes"] != 40 {
		t.Errorf("Data[Minutes] = %v, want 40", e.Data["Minutes"])
	}
	// An invalid form is not counted, another address is not limited, and
	// the window's end lifts the limit.
	if _, _, err := f.svc.Signup(ctx, testClient, SignupInput{}); ErrorCode(err) != EINVALID {
		t.Errorf("invalid sign-up error = %v, want EINVALID", err)
	}
	if _, _, err := f.svc.Signup(ctx, "198.51.100.7", in); err != nil {
		t.Fatalf("sign-up from another address: %v", err)
	}
	f.clock.Advance(40 * time.Minute)
	in.Email = "later@example.com"
	if _, _, err := f.svc.Signup(ctx, testClient, in); err != nil {
		t.Fatalf("sign-up after the window: %v", err)
	}
}

func TestAuthServiceLoginUnknownEmailIsDelayedAlike(t *testing.T) {
	f := newAuthFixture()
	ctx := context.Background()
	for range DefaultThrottlePolicy.FreeFailures {
		_, err := f.svc.Login(ctx, testClient, "ghost@example.com", validPassword)
		wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
	}
	// An unknown email is throttled just like a known one, so the answer
	// does not tell whether the account exists.
	_, err := f.svc.Login(ctx, testClient, "ghost@example.com", validPassword)
	wantError(t, err, ETOOMANY, MsgSignInWaitSeconds)
}

func TestAuthServiceLoginUnknownEmailWithDummyPassword(t *testing.T) {
	// The dummy hash compared for unknown emails is a real hash of some
	// password; typing that password must not sign anyone in.
	f := newAuthFixture()
	f.signup(t, "alice@example.com")
	u, err := f.svc.Login(context.Background(), testClient, "ghost@example.com", "no user has this password")
	if u != nil {
		t.Errorf("Login() of an unknown email returned user %+v", u)
	}
	wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
}

func TestAuthServiceLoginSuccessClearsFailures(t *testing.T) {
	f := newAuthFixture()
	ctx := context.Background()
	f.signup(t, "alice@example.com")

	for range DefaultThrottlePolicy.FreeFailures - 1 {
		_, err := f.svc.Login(ctx, testClient, "alice@example.com", "not the password")
		wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
	}
	if th, _ := f.throttles.get("alice@example.com"); th.Failures != DefaultThrottlePolicy.FreeFailures-1 {
		t.Fatalf("Failures = %d, want %d", th.Failures, DefaultThrottlePolicy.FreeFailures-1)
	}
	if _, err := f.svc.Login(ctx, testClient, "alice@example.com", validPassword); err != nil {
		t.Fatalf("Login() with the right password: %v", err)
	}
	for _, key := range []string{"alice@example.com", "pair|alice@example.com|" + string(testClient)} {
		if th, ok := f.throttles.get(key); ok {
			t.Fatalf("throttle record %q kept after a success: %+v", key, th)
		}
	}
	// The counter restarted: one more failure is not throttled.
	_, err := f.svc.Login(ctx, testClient, "alice@example.com", "not the password")
	wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
	if th, _ := f.throttles.get("alice@example.com"); th.Failures != 1 {
		t.Errorf("Failures after success and one failure = %d, want 1", th.Failures)
	}
	// The client's count is not refunded by a success.
	if th, _ := f.throttles.get("client|" + string(testClient)); th.Failures != DefaultThrottlePolicy.FreeFailures+1 {
		t.Errorf("client count = %d, want every attempt: %d", th.Failures, DefaultThrottlePolicy.FreeFailures+1)
	}
}
