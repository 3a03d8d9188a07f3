package domain

import (
	"context"
	"errors"
	"maps"
	"reflect"
	"slices"
	"sync"
	"testing"
)

const authzAccountID = "123456789012"

// mustParsePolicy parses a policy written in a test or fails the test.
func mustParsePolicy(t *testing.T, raw string) PolicyDocument {
	t.Helper()
	doc, err := ParsePolicy(raw)
	if err != nil {
		t.Fatalf("ParsePolicy(%s) error = %v", raw, err)
	}
	return doc
}

func iamUser(name string) *User {
	return &User{ID: 7, AccountID: authzAccountID, UserName: name, Role: RoleIAM}
}

func TestAuthorize(t *testing.T) {
	const (
		mpInEast  = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn"
		mpInWest  = "arn:aws:sagemaker:us-west-2:123456789012:model-package/churn"
		algInEast = "arn:aws:sagemaker:us-east-1:123456789012:algorithm/churn"
	)
	full := mustManagedPolicy(t, "AWSMarketplaceSellerFullAccess").Document
	readOnly := mustManagedPolicy(t, "AmazonSageMakerReadOnly").Document
	denyDelete := mustParsePolicy(t, `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "sagemaker:Delete*", "Resource": "*"}]}`)
	eastOnly := mustParsePolicy(t, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:*",
		"Resource": "arn:aws:sagemaker:us-east-1:123456789012:model-package/*"}]}`)
	tests := []struct {
		name     string
		p        Principal
		action   string
		resource string
		wantMsg  Message // "" means allowed
		wantCode string
	}{
		{
			name: "root without policies may do anything", p: Principal{User: &User{AccountID: authzAccountID, Role: RoleRoot}},
			action: ActionDeleteUser, resource: IAMUserARN(authzAccountID, "bob"),
		},
		{
			name: "root is not limited by a deny", p: Principal{User: &User{AccountID: authzAccountID, Role: RoleRoot}, Policies: []PolicyDocument{denyDelete}},
			action: ActionDeleteModelPackage, resource: mpInEast,
		},
		{
			name: "operator may do anything", p: Principal{User: &User{AccountID: "111111111111", Role: RoleOperator}},
			action: ActionStartChangeSet, resource: AnyResource,
		},
		{
			name: "no user", p: Principal{}, action: ActionViewSettings, resource: AnyResource,
			wantCode: EUNAUTHORIZED, wantMsg: MsgSignInRequired,
		},
		{
			name: "no user even with policies", p: Principal{Policies: []PolicyDocument{full}}, action: ActionViewSettings, resource: AnyResource,
			wantCode: EUNAUTHORIZED, wantMsg: MsgSignInRequired,
		},
		{
			name: "IAM user without policies", p: Principal{User: iamUser("bob")}, action: ActionViewSettings, resource: AnyResource,
			wantCode: EFORBIDDEN, wantMsg: MsgNotAuthorizedNoPolicy,
		},
		{
			name: "IAM user with full seller access", p: Principal{User: iamUser("bob"), Policies: []PolicyDocument{full}},
			action: ActionStartChangeSet, resource: AnyResource,
		},
		{
			name: "managed policy covers SageMaker too", p: Principal{User: iamUser("bob"), Policies: []PolicyDocument{full}},
			action: ActionCreateModelPackage, resource: mpInWest,
		},
		{
			name: "managed policy does not cover IAM", p: Principal{User: iamUser("bob"), Policies: []PolicyDocument{full}},
			action: ActionCreateUser, resource: IAMUserARN(authzAccountID, "carol"),
			wantCode: EFORBIDDEN, wantMsg: MsgNotAuthorizedNoPolicy,
		},
		{
			name: "read-only allows listing", p: Principal{User: iamUser("bob"), Policies: []PolicyDocument{readOnly}},
			action: ActionListModelPackages, resource: AnyResource,
		},
		{
			name: "read-only refuses creating", p: Principal{User: iamUser("bob"), Policies: []PolicyDocument{readOnly}},
			action: ActionCreateModelPackage, resource: mpInEast,
			wantCode: EFORBIDDEN, wantMsg: MsgNotAuthorizedNoPolicy,
		},
		{
			name: "explicit deny beats an allow", p: Principal{User: iamUser("bob"), Policies: []PolicyDocument{full, denyDelete}},
			action: ActionDeleteModelPackage, resource: mpInEast,
			wantCode: EFORBIDDEN, wantMsg: MsgNotAuthorizedExplicitDeny,
		},
		{
			name: "deny listed first still wins", p: Principal{User: iamUser("bob"), Policies: []PolicyDocument{denyDelete, full}},
			action: ActionDeleteAlgorithm, resource: algInEast,
			wantCode: EFORBIDDEN, wantMsg: MsgNotAuthorizedExplicitDeny,
		},
		{
			name: "deny leaves other actions allowed", p: Principal{User: iamUser("bob"), Policies: []PolicyDocument{full, denyDelete}},
			action: ActionCreateModelPackage, resource: mpInEast,
		},
		{
			name: "resource-scoped allow in its region", p: Principal{User: iamUser("bob"), Policies: []PolicyDocument{eastOnly}},
			action: ActionDescribeModelPackage, resource: mpInEast,
		},
		{
			name: "resource-scoped allow refuses another region", p: Principal{User: iamUser("bob"), Policies: []PolicyDocument{eastOnly}},
			action: ActionDescribeModelPackage, resource: mpInWest,
			wantCode: EFORBIDDEN, wantMsg: MsgNotAuthorizedNoPolicy,
		},
		{
			name: "resource-scoped allow refuses another kind", p: Principal{User: iamUser("bob"), Policies: []PolicyDocument{eastOnly}},
			action: ActionDescribeAlgorithm, resource: algInEast,
			wantCode: EFORBIDDEN, wantMsg: MsgNotAuthorizedNoPolicy,
		},
		{
			name: "resource-scoped allow refuses an action on any resource", p: Principal{User: iamUser("bob"), Policies: []PolicyDocument{eastOnly}},
			action: ActionListModelPackages, resource: AnyResource,
			wantCode: EFORBIDDEN, wantMsg: MsgNotAuthorizedNoPolicy,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Authorize(tt.p, tt.action, tt.resource)
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("Authorize() = %v, want allowed", err)
				}
				return
			}
			e := wantError(t, err, tt.wantCode, tt.wantMsg)
			if tt.wantCode != EFORBIDDEN {
				return
			}
			want := map[string]any{"User": "arn:aws:iam::123456789012:user/bob", "Action": tt.action, "Resource": tt.resource}
			if !maps.Equal(e.Data, want) {
				t.Errorf("Data = %v, want %v", e.Data, want)
			}
		})
	}
}

func TestAuthorizeRefusesUnknownRoles(t *testing.T) {
	for _, role := range []Role{"", "buyer", "ROOT"} {
		u := &User{AccountID: authzAccountID, UserName: "mallory", Role: role}
		if err := Authorize(Principal{User: u}, ActionDeleteUser, IAMUserARN(authzAccountID, "bob")); ErrorCode(err) != EFORBIDDEN {
			t.Errorf("Authorize() with role %q = %v, want EFORBIDDEN", role, err)
		}
	}
}

func TestAuthorizeWithStoredPolicies(t *testing.T) {
	// The path the web layer takes: stored policies become documents, and
	// Authorize decides.
	tests := []struct {
		name     string
		policies []UserPolicy
		want     Message
	}{
		{"managed policy by name", []UserPolicy{{Name: "AmazonSageMakerFullAccess", Managed: true}}, ""},
		{"unknown managed policy grants nothing", []UserPolicy{{Name: "AdministratorAccess", Managed: true}}, MsgNotAuthorizedNoPolicy},
		{"broken custom policy grants nothing", []UserPolicy{{Name: "mine", Document: `{"Version": "2012-10-17", "Statement": [`}}, MsgNotAuthorizedNoPolicy},
		{
			"custom policy",
			[]UserPolicy{{Name: "mine", Document: `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sagemaker:CreateModelPackage", "Resource": "*"}}`}},
			"",
		},
		{
			"custom deny over a managed allow",
			[]UserPolicy{
				{Name: "AmazonSageMakerFullAccess", Managed: true},
				{Name: "no-create", Document: `{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "sagemaker:Create*", "Resource": "*"}}`},
			},
			MsgNotAuthorizedExplicitDeny,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Authorize(Principal{User: iamUser("bob"), Policies: PolicyDocuments(tt.policies)}, ActionCreateModelPackage, AnyResource)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Authorize() = %v, want allowed", err)
				}
				return
			}
			wantError(t, err, EFORBIDDEN, tt.want)
		})
	}
}

func TestPolicyDocuments(t *testing.T) {
	custom := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}`
	policies := []UserPolicy{
		{Name: "AmazonSageMakerReadOnly", Managed: true},
		{Name: "NoLongerOffered", Managed: true},
		{Name: "list-users", Document: custom},
		{Name: "broken", Document: `{"Version": "2012-10-17", "Statement": [}`},
		{Name: "wrong-version", Document: `{"Version": "2020-01-01", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`},
		{Name: "empty", Document: ""},
		// A managed policy is looked up by name; a stored document is ignored.
		{Name: "IAMFullAccess", Managed: true, Document: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`},
	}
	got := PolicyDocuments(policies)
	want := []PolicyDocument{
		mustManagedPolicy(t, "AmazonSageMakerReadOnly").Document,
		mustParsePolicy(t, custom),
		mustManagedPolicy(t, "IAMFullAccess").Document,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PolicyDocuments() =\n%+v\nwant\n%+v", got, want)
	}

	if docs := PolicyDocuments(nil); docs == nil || len(docs) != 0 {
		t.Errorf("PolicyDocuments(nil) = %#v, want an empty slice", docs)
	}
	// The managed policy names match exactly.
	if docs := PolicyDocuments([]UserPolicy{{Name: "amazonsagemakerreadonly", Managed: true}}); len(docs) != 0 {
		t.Errorf("PolicyDocuments() with a lower-case managed name = %+v, want none", docs)
	}
}

// allActions lists every action constant of authz.go.
func allActions() []string {
	return []string{
		ActionViewSettings, ActionUpdateSettings,
		ActionListUsers, ActionGetUser, ActionCreateUser, ActionDeleteUser,
		ActionAttachUserPolicy, ActionDetachUserPolicy, ActionPutUserPolicy, ActionDeleteUserPolicy,
		ActionListModelPackages, ActionDescribeModelPackage, ActionCreateModelPackage, ActionDeleteModelPackage,
		ActionListAlgorithms, ActionDescribeAlgorithm, ActionCreateAlgorithm, ActionDeleteAlgorithm,
		ActionListEntities, ActionDescribeEntity, ActionStartChangeSet,
		ActionSubscribe, ActionUnsubscribe, ActionViewSubscriptions,
		ActionListAccessKeys, ActionCreateAccessKey, ActionUpdateAccessKey, ActionDeleteAccessKey,
		ActionBatchDescribeEntities, ActionDescribeChangeSet, ActionListChangeSets, ActionCancelChangeSet,
		ActionTagResource, ActionUntagResource, ActionListTagsForResource,
	}
}

func TestTasks(t *testing.T) {
	tasks := Tasks()
	if len(tasks) == 0 {
		t.Fatal("Tasks() is empty")
	}
	known := allActions()
	covered := map[string]bool{}
	names := map[Message]bool{}
	for _, task := range tasks {
		if task.NameKey == "" || names[task.NameKey] {
			t.Errorf("task %+v has an empty or repeated name", task)
		}
		names[task.NameKey] = true
		if len(task.Actions) == 0 {
			t.Errorf("task %s has no action", task.NameKey)
		}
		seen := map[string]bool{}
		for _, a := range task.Actions {
			if !slices.Contains(known, a) {
				t.Errorf("task %s lists %q, which is no Action constant", task.NameKey, a)
			}
			if seen[a] {
				t.Errorf("task %s lists %q twice", task.NameKey, a)
			}
			seen[a] = true
			covered[a] = true
		}
	}
	for _, a := range known {
		if !covered[a] {
			t.Errorf("action %q is in no task", a)
		}
	}
	// Every action must also be one a policy can name.
	for _, a := range known {
		doc := PolicyDocument{Version: CurrentPolicyVersion, Statement: []Statement{{Effect: EffectAllow, Action: StringList{a}, Resource: StringList{"*"}}}}
		if Evaluate([]PolicyDocument{doc}, a, AnyResource) != DecisionAllow {
			t.Errorf("a policy allowing %q does not allow it", a)
		}
	}
	tasks[0].Actions[0] = "changed"
	if Tasks()[0].Actions[0] == "changed" {
		t.Error("Tasks() shares its slices between calls")
	}
}

func TestIAMUserARN(t *testing.T) {
	if got, want := IAMUserARN("000000000042", "bob"), "arn:aws:iam::000000000042:user/bob"; got != want {
		t.Errorf("IAMUserARN() = %q, want %q", got, want)
	}
	u := iamUser("carol")
	if got := u.ARN(); got != IAMUserARN(u.AccountID, u.UserName) {
		t.Errorf("User.ARN() = %q, want IAMUserARN's %q", got, IAMUserARN(u.AccountID, u.UserName))
	}
}

// iamRepoFake is an in-memory IAMRepository. fail, when set, is returned by
// every write.
type iamRepoFake struct {
	mu       sync.Mutex
	users    []User
	policies []UserPolicy
	nextID   int64
	fail     error
}

var _ IAMRepository = (*iamRepoFake)(nil)

func (f *iamRepoFake) CreateIAMUser(_ context.Context, u *User) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	for _, o := range f.users {
		if o.AccountID == u.AccountID && o.UserName == u.UserName {
			return &Error{Code: ECONFLICT, Message: MsgIAMUserExists}
		}
	}
	f.nextID++
	u.ID = f.nextID
	f.users = append(f.users, *u)
	return nil
}

func (f *iamRepoFake) IAMUser(_ context.Context, accountID, userName string) (*User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range f.users {
		if u.AccountID == accountID && u.UserName == userName {
			return &u, nil
		}
	}
	return nil, Errorf(ENOTFOUND, MsgNotFound)
}

func (f *iamRepoFake) ListIAMUsers(_ context.Context, accountID string) ([]User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []User
	for _, u := range f.users {
		if u.AccountID == accountID {
			out = append(out, u)
		}
	}
	return out, nil
}

func (f *iamRepoFake) DeleteIAMUser(_ context.Context, accountID, userName string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, u := range f.users {
		if u.AccountID == accountID && u.UserName == userName {
			f.users = slices.Delete(f.users, i, i+1)
			return nil
		}
	}
	return Errorf(ENOTFOUND, MsgNotFound)
}

func (f *iamRepoFake) UserPolicies(_ context.Context, userID int64) ([]UserPolicy, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []UserPolicy
	for _, p := range f.policies {
		if p.UserID == userID {
			out = append(out, p)
		}
	}
	return out, nil
}

func (f *iamRepoFake) PolicyCounts(_ context.Context, accountID string) (map[int64]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[int64]int{}
	for _, p := range f.policies {
		out[p.UserID]++
	}
	return out, nil
}

func (f *iamRepoFake) PutUserPolicy(_ context.Context, p *UserPolicy) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	for _, o := range f.policies {
		if o.UserID == p.UserID && o.Name == p.Name {
			return &Error{Code: ECONFLICT, Message: MsgPolicyNameTaken}
		}
	}
	f.nextID++
	p.ID = f.nextID
	f.policies = append(f.policies, *p)
	return nil
}

func (f *iamRepoFake) DeleteUserPolicy(_ context.Context, userID int64, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, p := range f.policies {
		if p.UserID == userID && p.Name == name {
			f.policies = slices.Delete(f.policies, i, i+1)
			return nil
		}
	}
	return Errorf(ENOTFOUND, MsgNotFound)
}

func (f *iamRepoFake) counts() (users, policies int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.users), len(f.policies)
}

func newIAMService() (*IAMService, *iamRepoFake) {
	repo := &iamRepoFake{}
	return &IAMService{Repo: repo, Hasher: NewFastHasher(), Clock: NewFakeClock(t0)}, repo
}

func TestIAMServiceCreateUser(t *testing.T) {
	svc, repo := newIAMService()
	ctx := context.Background()
	u, err := svc.CreateUser(ctx, authzAccountID, NewIAMUserInput{UserName: "build+bot@ci", Password: validPassword})
	if err != nil {
		t.Fatalf("CreateUser() error = %v", err)
	}
	if u.ID == 0 || u.AccountID != authzAccountID || u.UserName != "build+bot@ci" || u.Role != RoleIAM || u.Email != "" {
		t.Errorf("CreateUser() = %+v, want an IAM user of %s named build+bot@ci with the repository's ID", *u, authzAccountID)
	}
	if !u.CreatedAt.Equal(t0) {
		t.Errorf("CreatedAt = %v, want the clock's %v", u.CreatedAt, t0)
	}
	if u.PasswordHash == "" || u.PasswordHash == validPassword {
		t.Errorf("PasswordHash = %q, want a hash, not the password", u.PasswordHash)
	}
	if ok, err := svc.Hasher.Compare(validPassword, u.PasswordHash); err != nil || !ok {
		t.Errorf("Compare(password, hash) = %v, %v; want true, nil", ok, err)
	}
	stored, err := repo.IAMUser(ctx, authzAccountID, "build+bot@ci")
	if err != nil || *stored != *u {
		t.Errorf("stored user = %+v, %v; want %+v", stored, err, *u)
	}

	// The same name is taken in this account, not in another.
	_, err = svc.CreateUser(ctx, authzAccountID, NewIAMUserInput{UserName: "build+bot@ci", Password: validPassword + "2"})
	e := wantError(t, err, EINVALID, MsgFormHasErrors)
	if want := (FieldErrors{FieldUserName: MsgIAMUserExists}); !maps.Equal(e.Fields, want) {
		t.Errorf("duplicate: Fields = %v, want %v", e.Fields, want)
	}
	if _, err := svc.CreateUser(ctx, "210987654321", NewIAMUserInput{UserName: "build+bot@ci", Password: validPassword}); err != nil {
		t.Errorf("CreateUser() of the same name in another account: %v", err)
	}
	if n, _ := repo.counts(); n != 2 {
		t.Errorf("%d users stored, want 2", n)
	}
}

func TestIAMServiceCreateUserInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   NewIAMUserInput
		want FieldErrors
	}{
		{"empty", NewIAMUserInput{}, FieldErrors{FieldUserName: MsgFieldRequired, FieldPassword: MsgFieldRequired}},
		{"space in name", NewIAMUserInput{UserName: "jane doe", Password: validPassword}, FieldErrors{FieldUserName: MsgIAMUserNameInvalid}},
		{"name not trimmed", NewIAMUserInput{UserName: " jane", Password: validPassword}, FieldErrors{FieldUserName: MsgIAMUserNameInvalid}},
		{"short password", NewIAMUserInput{UserName: "jane", Password: "short"}, FieldErrors{FieldPassword: MsgPasswordTooShort}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, repo := newIAMService()
			u, err := svc.CreateUser(context.Background(), authzAccountID, tt.in)
			if u != nil {
				t.Errorf("CreateUser() user = %+v, want nil", u)
			}
			e := wantError(t, err, EINVALID, MsgFormHasErrors)
			if !maps.Equal(e.Fields, tt.want) {
				t.Errorf("Fields = %v, want %v", e.Fields, tt.want)
			}
			if n, _ := repo.counts(); n != 0 {
				t.Errorf("%d users stored for invalid input", n)
			}
		})
	}
}

func TestIAMServiceCreateUserRepositoryFault(t *testing.T) {
	svc, repo := newIAMService()
	cause := errors.New("database is down")
	repo.fail = Internal(cause)
	_, err := svc.CreateUser(context.Background(), authzAccountID, NewIAMUserInput{UserName: "jane", Password: validPassword})
	wantError(t, err, EINTERNAL, MsgInternalError)
	if !errors.Is(err, cause) {
		t.Errorf("error %v does not wrap the cause", err)
	}
}

func TestIAMServiceAttachManagedPolicy(t *testing.T) {
	svc, repo := newIAMService()
	ctx := context.Background()
	user := iamUser("bob")
	if err := svc.AttachManagedPolicy(ctx, user, "AmazonSageMakerReadOnly"); err != nil {
		t.Fatalf("AttachManagedPolicy() error = %v", err)
	}
	got, _ := repo.UserPolicies(ctx, user.ID)
	want := []UserPolicy{{ID: got[0].ID, UserID: user.ID, Name: "AmazonSageMakerReadOnly", Managed: true, CreatedAt: t0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stored policies = %+v, want %+v", got, want)
	}

	tests := []struct {
		name, policy string
		want         FieldErrors
	}{
		{"unknown", "AdministratorAccess", FieldErrors{FieldPolicyName: MsgManagedPolicyUnknown}},
		{"empty", "", FieldErrors{FieldPolicyName: MsgManagedPolicyUnknown}},
		{"wrong case", "amazonsagemakerreadonly", FieldErrors{FieldPolicyName: MsgManagedPolicyUnknown}},
		{"already attached", "AmazonSageMakerReadOnly", FieldErrors{FieldPolicyName: MsgPolicyNameTaken}},
	}
	for _, tt := range tests {
		err := svc.AttachManagedPolicy(ctx, user, tt.policy)
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID || !maps.Equal(e.Fields, tt.want) {
			t.Errorf("%s: AttachManagedPolicy(%q) = %v, want EINVALID %v", tt.name, tt.policy, err, tt.want)
		}
	}
	if _, n := repo.counts(); n != 1 {
		t.Errorf("%d policies stored, want 1", n)
	}
}

func TestIAMServicePutCustomPolicy(t *testing.T) {
	const good = `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "sagemaker:List*", "Resource": "*"}]
}`
	const badJSON = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}"
	_, parseErr := ParsePolicy(badJSON)
	pe := AsError(parseErr)
	if pe.Message != MsgPolicyInvalidJSON || pe.Data["Line"] == nil {
		t.Fatalf("test setup: ParsePolicy(badJSON) = %v, want an invalid JSON error with a line", parseErr)
	}
	tests := []struct {
		name, policy, doc string
		wantMsg           Message
		wantFields        FieldErrors
		wantData          map[string]any
	}{
		{
			name: "empty name", policy: "", doc: good,
			wantMsg: MsgFormHasErrors, wantFields: FieldErrors{FieldPolicyName: MsgFieldRequired},
		},
		{
			name: "bad name", policy: "read only!", doc: good,
			wantMsg: MsgFormHasErrors, wantFields: FieldErrors{FieldPolicyName: MsgPolicyNameInvalid},
		},
		{
			name: "bad JSON", policy: "read-only", doc: badJSON,
			wantMsg: MsgPolicyInvalidJSON, wantFields: FieldErrors{FieldPolicyDocument: MsgPolicyInvalidJSON}, wantData: pe.Data,
		},
		{
			name: "bad name and bad JSON", policy: "read only!", doc: badJSON,
			wantMsg:    MsgPolicyInvalidJSON,
			wantFields: FieldErrors{FieldPolicyName: MsgPolicyNameInvalid, FieldPolicyDocument: MsgPolicyInvalidJSON}, wantData: pe.Data,
		},
		{
			name: "empty document", policy: "read-only", doc: "  ",
			wantMsg: MsgPolicyEmpty, wantFields: FieldErrors{FieldPolicyDocument: MsgPolicyEmpty},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, repo := newIAMService()
			err := svc.PutCustomPolicy(context.Background(), iamUser("bob"), tt.policy, tt.doc)
			e := wantError(t, err, EINVALID, tt.wantMsg)
			if !maps.Equal(e.Fields, tt.wantFields) {
				t.Errorf("Fields = %v, want %v", e.Fields, tt.wantFields)
			}
			if !maps.Equal(e.Data, tt.wantData) {
				t.Errorf("Data = %v, want %v", e.Data, tt.wantData)
			}
			if _, n := repo.counts(); n != 0 {
				t.Errorf("%d policies stored for invalid input", n)
			}
		})
	}
}

func TestIAMServicePutCustomPolicyStores(t *testing.T) {
	svc, repo := newIAMService()
	ctx := context.Background()
	user := iamUser("bob")
	const doc = "\n{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"iam:ListUsers\", \"Resource\": \"*\"}}  "
	if err := svc.PutCustomPolicy(ctx, user, "list-users", doc); err != nil {
		t.Fatalf("PutCustomPolicy() error = %v", err)
	}
	got, _ := repo.UserPolicies(ctx, user.ID)
	// The document is kept as typed, so the editor shows it unchanged.
	want := []UserPolicy{{ID: got[0].ID, UserID: user.ID, Name: "list-users", Document: doc, CreatedAt: t0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stored policies = %+v, want %+v", got, want)
	}

	err := svc.PutCustomPolicy(ctx, user, "list-users", doc)
	e := wantError(t, err, EINVALID, MsgFormHasErrors)
	if want := (FieldErrors{FieldPolicyName: MsgPolicyNameTaken}); !maps.Equal(e.Fields, want) {
		t.Errorf("duplicate: Fields = %v, want %v", e.Fields, want)
	}
	// A managed policy's name is taken too.
	if err := svc.AttachManagedPolicy(ctx, user, "IAMFullAccess"); err != nil {
		t.Fatal(err)
	}
	err = svc.PutCustomPolicy(ctx, user, "IAMFullAccess", doc)
	e = wantError(t, err, EINVALID, MsgFormHasErrors)
	if want := (FieldErrors{FieldPolicyName: MsgPolicyNameTaken}); !maps.Equal(e.Fields, want) {
		t.Errorf("custom named like a managed policy: Fields = %v, want %v", e.Fields, want)
	}
	// Another user may use the name.
	if err := svc.PutCustomPolicy(ctx, &User{ID: 8, AccountID: authzAccountID, UserName: "carol", Role: RoleIAM}, "list-users", doc); err != nil {
		t.Errorf("PutCustomPolicy() of the same name for another user: %v", err)
	}
	if _, n := repo.counts(); n != 3 {
		t.Errorf("%d policies stored, want 3", n)
	}
}

func TestIAMServicePutPolicyRepositoryFault(t *testing.T) {
	svc, repo := newIAMService()
	cause := errors.New("database is down")
	repo.fail = Internal(cause)
	err := svc.AttachManagedPolicy(context.Background(), iamUser("bob"), "IAMFullAccess")
	if !errors.Is(err, cause) || ErrorCode(err) != EINTERNAL {
		t.Errorf("AttachManagedPolicy() error = %v, want the repository's internal error", err)
	}
}
