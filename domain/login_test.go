package domain

import (
	"context"
	"errors"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func TestThrottlePolicyAfterFailure(t *testing.T) {
	p := ThrottlePolicy{MaxFailures: 3, Window: 10 * time.Minute, LockFor: 20 * time.Minute}
	tests := []struct {
		name string
		in   LoginThrottle
		now  time.Time
		want LoginThrottle
	}{
		{
			name: "first failure opens a window",
			in:   LoginThrottle{Key: "a@b.com"},
			now:  t0,
			want: LoginThrottle{Key: "a@b.com", Failures: 1, WindowStart: t0},
		},
		{
			name: "second failure within the window counts",
			in:   LoginThrottle{Key: "a@b.com", Failures: 1, WindowStart: t0},
			now:  t0.Add(5 * time.Minute),
			want: LoginThrottle{Key: "a@b.com", Failures: 2, WindowStart: t0},
		},
		{
			name: "failure exactly at the end of the window still counts",
			in:   LoginThrottle{Key: "a@b.com", Failures: 1, WindowStart: t0},
			now:  t0.Add(10 * time.Minute),
			want: LoginThrottle{Key: "a@b.com", Failures: 2, WindowStart: t0},
		},
		{
			name: "failure after the window starts a new one",
			in:   LoginThrottle{Key: "a@b.com", Failures: 2, WindowStart: t0},
			now:  t0.Add(10*time.Minute + time.Nanosecond),
			want: LoginThrottle{Key: "a@b.com", Failures: 1, WindowStart: t0.Add(10*time.Minute + time.Nanosecond)},
		},
		{
			name: "reaching MaxFailures locks and clears the window",
			in:   LoginThrottle{Key: "a@b.com", Failures: 2, WindowStart: t0},
			now:  t0.Add(time.Minute),
			want: LoginThrottle{Key: "a@b.com", LockedUntil: t0.Add(21 * time.Minute)},
		},
		{
			name: "failure after an expired lock starts a new window",
			in:   LoginThrottle{Key: "a@b.com", LockedUntil: t0},
			now:  t0.Add(time.Minute),
			want: LoginThrottle{Key: "a@b.com", Failures: 1, WindowStart: t0.Add(time.Minute), LockedUntil: t0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.AfterFailure(tt.in, tt.now)
			if got != tt.want {
				t.Errorf("AfterFailure() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestThrottlePolicyLocksAfterMaxFailures(t *testing.T) {
	p := DefaultThrottlePolicy
	th := LoginThrottle{Key: "a@b.com"}
	now := t0
	for i := 1; i < p.MaxFailures; i++ {
		th = p.AfterFailure(th, now)
		if th.Locked(now) {
			t.Fatalf("locked after %d failures, want only after %d", i, p.MaxFailures)
		}
		now = now.Add(time.Minute)
	}
	th = p.AfterFailure(th, now)
	lockedAt := now
	if !th.Locked(lockedAt) {
		t.Fatalf("not locked after %d failures: %+v", p.MaxFailures, th)
	}
	if want := lockedAt.Add(p.LockFor); !th.LockedUntil.Equal(want) {
		t.Errorf("LockedUntil = %v, want %v", th.LockedUntil, want)
	}
	if !th.Locked(lockedAt.Add(p.LockFor - time.Nanosecond)) {
		t.Errorf("unlocked one nanosecond before LockFor has passed")
	}
	if th.Locked(lockedAt.Add(p.LockFor)) {
		t.Errorf("still locked once LockFor has passed")
	}
}

func TestThrottlePolicyWindowResetAvoidsLock(t *testing.T) {
	p := DefaultThrottlePolicy
	th := LoginThrottle{Key: "a@b.com"}
	for range p.MaxFailures - 1 {
		th = p.AfterFailure(th, t0)
	}
	// The window has passed: the next failure starts over instead of locking.
	later := t0.Add(p.Window + time.Second)
	th = p.AfterFailure(th, later)
	if th.Locked(later) {
		t.Fatalf("locked after the window passed: %+v", th)
	}
	if th.Failures != 1 || !th.WindowStart.Equal(later) {
		t.Errorf("after window reset got Failures=%d WindowStart=%v, want 1 and %v", th.Failures, th.WindowStart, later)
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

// fakeThrottles is an in-memory LoginThrottleRepository.
type fakeThrottles struct {
	mu      sync.Mutex
	records map[string]LoginThrottle
}

func newFakeThrottles() *fakeThrottles { return &fakeThrottles{records: map[string]LoginThrottle{}} }

func (f *fakeThrottles) Throttle(_ context.Context, key string) (LoginThrottle, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r, ok := f.records[key]; ok {
		return r, nil
	}
	return LoginThrottle{Key: key}, nil
}

func (f *fakeThrottles) SaveThrottle(_ context.Context, th LoginThrottle) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.records[th.Key] = th
	return nil
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
	_, u, err := f.svc.Signup(context.Background(), SignupInput{AccountName: "Acme", Email: email, Password: validPassword})
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
	acct, user, err := f.svc.Signup(ctx, SignupInput{
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
	_, _, err := f.svc.Signup(context.Background(), SignupInput{AccountName: "", Email: "nope", Password: "short"})
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
	_, _, err := f.svc.Signup(context.Background(), SignupInput{AccountName: "Other", Email: "ALICE@example.com", Password: validPassword})
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
	acct, user, err := f.svc.Signup(context.Background(), SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: validPassword})
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
	_, _, err := f.svc.Signup(context.Background(), SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: validPassword})
	wantError(t, err, EINTERNAL, MsgInternalError)
	if len(f.accounts.calls) != 5 {
		t.Errorf("CreateAccount called %d times, want 5", len(f.accounts.calls))
	}
}

func TestAuthServiceSignupRepositoryFault(t *testing.T) {
	f := newAuthFixture()
	cause := errors.New("disk on fire")
	f.accounts.conflicts = []error{Internal(cause)}
	_, _, err := f.svc.Signup(context.Background(), SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: validPassword})
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
			_, err := f.svc.Login(context.Background(), tt.email, tt.password)
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
	got, err := f.svc.Login(context.Background(), "  ALICE@example.com ", validPassword)
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
			u, err := f.svc.Login(context.Background(), tt.email, tt.password)
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

func TestAuthServiceLoginLockout(t *testing.T) {
	f := newAuthFixture()
	ctx := context.Background()
	want := f.signup(t, "alice@example.com")

	for i := 1; i < DefaultThrottlePolicy.MaxFailures; i++ {
		_, err := f.svc.Login(ctx, "alice@example.com", "wrong password "+string(rune('a'+i)))
		wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
		f.clock.Advance(time.Second)
	}
	// The fifth failure itself is answered with the lock-out.
	lockedUntil := f.clock.Now().Add(DefaultThrottlePolicy.LockFor)
	_, err := f.svc.Login(ctx, "alice@example.com", "wrong password again")
	e := wantError(t, err, ETOOMANY, MsgTooManyAttempts)
	if got := e.Data["Minutes"]; got != 15 {
		t.Errorf("Data[Minutes] = %v (%T), want 15", got, got)
	}

	// Locked: even the right password is refused, and the email in any case.
	for _, email := range []string{"alice@example.com", "Alice@Example.com"} {
		u, err := f.svc.Login(ctx, email, validPassword)
		if u != nil {
			t.Errorf("Login(%q) while locked returned user %+v", email, u)
		}
		e := wantError(t, err, ETOOMANY, MsgTooManyAttempts)
		if got := e.Data["Minutes"]; got != 15 {
			t.Errorf("Data[Minutes] = %v, want 15", got)
		}
	}

	// The remaining time shrinks, rounded to the nearest minute and never
	// shown as less than one.
	for _, step := range []struct {
		advance time.Duration // from the previous step
		minutes int
	}{
		{10 * time.Minute, 5},               // 5m left
		{20 * time.Second, 5},               // 4m40s left
		{50 * time.Second, 4},               // 3m50s left
		{3*time.Minute + 40*time.Second, 1}, // 10s left
		{9 * time.Second, 1},                // 1s left
	} {
		f.clock.Advance(step.advance)
		_, err = f.svc.Login(ctx, "alice@example.com", validPassword)
		e = wantError(t, err, ETOOMANY, MsgTooManyAttempts)
		if got := e.Data["Minutes"]; got != step.minutes {
			t.Errorf("Data[Minutes] with %v left = %v, want %d", lockedUntil.Sub(f.clock.Now()), got, step.minutes)
		}
	}

	// Fifteen minutes after the lock, the right password works again.
	f.clock.Advance(time.Second)
	if !f.clock.Now().Equal(lockedUntil) {
		t.Fatalf("test arithmetic: clock at %v, want %v", f.clock.Now(), lockedUntil)
	}
	got, err := f.svc.Login(ctx, "alice@example.com", validPassword)
	if err != nil {
		t.Fatalf("Login() after the lock expired: %v", err)
	}
	if got.ID != want.ID {
		t.Errorf("Login() user ID = %d, want %d", got.ID, want.ID)
	}
}

func TestAuthServiceLoginLockoutUnknownEmail(t *testing.T) {
	f := newAuthFixture()
	ctx := context.Background()
	for range DefaultThrottlePolicy.MaxFailures - 1 {
		_, err := f.svc.Login(ctx, "ghost@example.com", validPassword)
		wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
	}
	// An unknown email is locked out just like a known one, so the answer
	// does not tell whether the account exists.
	_, err := f.svc.Login(ctx, "ghost@example.com", validPassword)
	wantError(t, err, ETOOMANY, MsgTooManyAttempts)
}

func TestAuthServiceLoginUnknownEmailWithDummyPassword(t *testing.T) {
	// The dummy hash compared for unknown emails is a real hash of some
	// password; typing that password must not sign anyone in.
	f := newAuthFixture()
	f.signup(t, "alice@example.com")
	u, err := f.svc.Login(context.Background(), "ghost@example.com", "no user has this password")
	if u != nil {
		t.Errorf("Login() of an unknown email returned user %+v", u)
	}
	wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
}

func TestAuthServiceLoginSuccessClearsFailures(t *testing.T) {
	f := newAuthFixture()
	ctx := context.Background()
	f.signup(t, "alice@example.com")

	for range DefaultThrottlePolicy.MaxFailures - 1 {
		_, err := f.svc.Login(ctx, "alice@example.com", "not the password")
		wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
	}
	if th, _ := f.throttles.get("alice@example.com"); th.Failures != DefaultThrottlePolicy.MaxFailures-1 {
		t.Fatalf("Failures = %d, want %d", th.Failures, DefaultThrottlePolicy.MaxFailures-1)
	}
	if _, err := f.svc.Login(ctx, "alice@example.com", validPassword); err != nil {
		t.Fatalf("Login() with the right password: %v", err)
	}
	if th, ok := f.throttles.get("alice@example.com"); ok {
		t.Fatalf("throttle record kept after a success: %+v", th)
	}
	// The counter restarted: one more failure is not a lock-out.
	_, err := f.svc.Login(ctx, "alice@example.com", "not the password")
	wantError(t, err, EUNAUTHORIZED, MsgBadCredentials)
	if th, _ := f.throttles.get("alice@example.com"); th.Failures != 1 {
		t.Errorf("Failures after success and one failure = %d, want 1", th.Failures)
	}
}
