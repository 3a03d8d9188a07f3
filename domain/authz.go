package domain

import "context"

// Actions the portal checks, named as in AWS IAM. Each page and form of a
// seller's account requires one of them; the root user has them all.
const (
	ActionViewSettings   = "aws-marketplace-management:viewSettings"
	ActionUpdateSettings = "aws-marketplace-management:updateSettings"

	ActionListUsers        = "iam:ListUsers"
	ActionGetUser          = "iam:GetUser"
	ActionCreateUser       = "iam:CreateUser"
	ActionDeleteUser       = "iam:DeleteUser"
	ActionAttachUserPolicy = "iam:AttachUserPolicy"
	ActionDetachUserPolicy = "iam:DetachUserPolicy"
	ActionPutUserPolicy    = "iam:PutUserPolicy"
	ActionDeleteUserPolicy = "iam:DeleteUserPolicy"

	ActionListModelPackages    = "sagemaker:ListModelPackages"
	ActionDescribeModelPackage = "sagemaker:DescribeModelPackage"
	ActionCreateModelPackage   = "sagemaker:CreateModelPackage"
	ActionDeleteModelPackage   = "sagemaker:DeleteModelPackage"
	ActionListAlgorithms       = "sagemaker:ListAlgorithms"
	ActionDescribeAlgorithm    = "sagemaker:DescribeAlgorithm"
	ActionCreateAlgorithm      = "sagemaker:CreateAlgorithm"
	ActionDeleteAlgorithm      = "sagemaker:DeleteAlgorithm"

	ActionListEntities   = "aws-marketplace:ListEntities"
	ActionDescribeEntity = "aws-marketplace:DescribeEntity"
	ActionStartChangeSet = "aws-marketplace:StartChangeSet"
	// The rest of the Catalog API, for its own face.
	ActionDescribeChangeSet     = "aws-marketplace:DescribeChangeSet"
	ActionListChangeSets        = "aws-marketplace:ListChangeSets"
	ActionCancelChangeSet       = "aws-marketplace:CancelChangeSet"
	ActionTagResource           = "aws-marketplace:TagResource"
	ActionUntagResource         = "aws-marketplace:UntagResource"
	ActionListTagsForResource   = "aws-marketplace:ListTagsForResource"
	ActionBatchDescribeEntities = "aws-marketplace:BatchDescribeEntities"

	// A buyer account's users subscribe, cancel and look at subscriptions
	// with these, as AWS's AWSMarketplaceManageSubscriptions and
	// AWSMarketplaceRead-only policies grant them.
	ActionSubscribe         = "aws-marketplace:Subscribe"
	ActionUnsubscribe       = "aws-marketplace:Unsubscribe"
	ActionViewSubscriptions = "aws-marketplace:ViewSubscriptions"
)

// AnyResource is the resource of actions that AWS does not scope to one
// resource: a policy must name "*" to allow them.
const AnyResource = "*"

// ProductARN is the resource of Catalog API actions on one of the
// account's machine learning products, as AWS Marketplace names entities.
func ProductARN(accountID, productID string) string {
	return "arn:aws:aws-marketplace:us-east-1:" + accountID + ":AWSMarketplace/MachineLearningProduct/" + productID
}

// IAMUserARN is the resource of IAM actions on one user.
func IAMUserARN(accountID, userName string) string {
	return "arn:aws:iam::" + accountID + ":user/" + userName
}

// Task is something a seller does, with the actions it needs. The
// "Permissions required" section of the IAM page is made from this list.
type Task struct {
	NameKey Message
	Actions []string
}

// Tasks lists the seller's tasks and their actions.
func Tasks() []Task {
	return []Task{
		{MsgTaskViewSettings, []string{ActionViewSettings}},
		{MsgTaskUpdateSettings, []string{ActionViewSettings, ActionUpdateSettings}},
		{MsgTaskManageUsers, []string{ActionListUsers, ActionGetUser, ActionCreateUser, ActionDeleteUser, ActionAttachUserPolicy, ActionDetachUserPolicy, ActionPutUserPolicy, ActionDeleteUserPolicy}},
		{MsgTaskViewModelPackages, []string{ActionListModelPackages, ActionDescribeModelPackage}},
		{MsgTaskCreateModelPackage, []string{ActionCreateModelPackage, ActionDeleteModelPackage}},
		{MsgTaskViewAlgorithms, []string{ActionListAlgorithms, ActionDescribeAlgorithm}},
		{MsgTaskCreateAlgorithm, []string{ActionCreateAlgorithm, ActionDeleteAlgorithm}},
		{MsgTaskListModelPackage, []string{ActionDescribeModelPackage, ActionListEntities, ActionDescribeEntity, ActionStartChangeSet}},
		{MsgTaskListAlgorithm, []string{ActionDescribeAlgorithm, ActionListEntities, ActionDescribeEntity, ActionStartChangeSet}},
		{MsgTaskViewSubscriptions, []string{ActionViewSubscriptions}},
		{MsgTaskManageSubscriptions, []string{ActionViewSubscriptions, ActionSubscribe, ActionUnsubscribe}},
		AccessKeysTask(),
		{MsgTaskUseCatalogAPI, []string{ActionListEntities, ActionDescribeEntity, ActionBatchDescribeEntities,
			ActionStartChangeSet, ActionDescribeChangeSet, ActionListChangeSets, ActionCancelChangeSet,
			ActionTagResource, ActionUntagResource, ActionListTagsForResource}},
	}
}

// MsgTaskUseCatalogAPI names the task of automating listings through the
// Catalog API.
const MsgTaskUseCatalogAPI Message = "catalogapi.task_use"

// Principal is a signed-in user with the policies that govern it.
type Principal struct {
	User     *User
	Policies []PolicyDocument
}

// Authorize is the one place that decides whether a user may perform an
// action on a resource. The root user (and a Seller Operations user, who is
// the root of its own account) may do anything in its account: callers only
// ever look resources up inside the user's own account. An IAM user may do
// what its policies allow and no explicit Deny forbids. A refusal names the
// user, the action and the resource, as AWS does.
func Authorize(p Principal, action, resource string) error {
	if p.User == nil {
		return Errorf(EUNAUTHORIZED, MsgSignInRequired)
	}
	switch p.User.Role {
	case RoleRoot, RoleOperator:
		return nil
	case RoleIAM:
	default:
		// An unknown role gets nothing: authorization fails closed.
		return &Error{Code: EFORBIDDEN, Message: MsgNotAuthorizedNoPolicy, Data: map[string]any{
			"User": p.User.ARN(), "Action": action, "Resource": resource,
		}}
	}
	decision := Evaluate(p.Policies, action, resource)
	if decision == DecisionAllow {
		return nil
	}
	msg := MsgNotAuthorizedNoPolicy
	if decision == DecisionExplicitDeny {
		msg = MsgNotAuthorizedExplicitDeny
	}
	return &Error{Code: EFORBIDDEN, Message: msg, Data: map[string]any{
		"User": p.User.ARN(), "Action": action, "Resource": resource,
	}}
}

// PolicyDocuments turns a user's attached policies into documents: managed
// ones by name, custom ones by parsing their JSON. A stored document that
// no longer parses is skipped, which can only take permissions away.
func PolicyDocuments(policies []UserPolicy) []PolicyDocument {
	docs := make([]PolicyDocument, 0, len(policies))
	for _, p := range policies {
		if p.Managed {
			if m, ok := ManagedPolicyByName(p.Name); ok {
				docs = append(docs, m.Document)
			}
			continue
		}
		if doc, err := ParsePolicy(p.Document); err == nil {
			docs = append(docs, doc)
		}
	}
	return docs
}

// IAMService lets an account manage its IAM users and their policies.
type IAMService struct {
	Repo   IAMRepository
	Hasher PasswordHasher
	Clock  Clock
}

// CreateUser adds an IAM user to the account.
func (s *IAMService) CreateUser(ctx context.Context, accountID string, in NewIAMUserInput) (*User, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	hash, err := s.Hasher.Hash(in.Password)
	if err != nil {
		return nil, err
	}
	u := &User{AccountID: accountID, UserName: in.UserName, PasswordHash: hash, Role: RoleIAM, CreatedAt: s.Clock.Now()}
	if err := s.Repo.CreateIAMUser(ctx, u); err != nil {
		if e := AsError(err); e.Code == ECONFLICT && e.Message == MsgIAMUserExists {
			return nil, Invalid(FieldErrors{FieldUserName: MsgIAMUserExists})
		}
		return nil, err
	}
	return u, nil
}

// AttachManagedPolicy attaches a ready-made policy by name.
func (s *IAMService) AttachManagedPolicy(ctx context.Context, user *User, name string) error {
	m, ok := ManagedPolicyByName(name)
	if !ok {
		return Invalid(FieldErrors{FieldPolicyName: MsgManagedPolicyUnknown})
	}
	return s.put(ctx, &UserPolicy{UserID: user.ID, Name: m.Name, Managed: true, Document: ""})
}

// PutCustomPolicy attaches a JSON policy the seller wrote, after checking it.
func (s *IAMService) PutCustomPolicy(ctx context.Context, user *User, name, document string) error {
	fields := FieldErrors{}
	switch {
	case name == "":
		fields[FieldPolicyName] = MsgFieldRequired
	case !ValidIAMPolicyName(name):
		fields[FieldPolicyName] = MsgPolicyNameInvalid
	}
	_, perr := ParsePolicy(document)
	if len(fields) > 0 || perr != nil {
		e := Invalid(fields)
		if perr != nil {
			pe := AsError(perr)
			e.Fields[FieldPolicyDocument] = pe.Message
			e.Message, e.Data = pe.Message, pe.Data
		}
		return e
	}
	return s.put(ctx, &UserPolicy{UserID: user.ID, Name: name, Document: document})
}

func (s *IAMService) put(ctx context.Context, p *UserPolicy) error {
	p.CreatedAt = s.Clock.Now()
	err := s.Repo.PutUserPolicy(ctx, p)
	if e := AsError(err); err != nil && e.Code == ECONFLICT && e.Message == MsgPolicyNameTaken {
		return Invalid(FieldErrors{FieldPolicyName: MsgPolicyNameTaken})
	}
	return err
}

// Task names and refusals.
const (
	MsgTaskViewSettings          Message = "iam.task_view_settings"
	MsgTaskUpdateSettings        Message = "iam.task_update_settings"
	MsgTaskManageUsers           Message = "iam.task_manage_users"
	MsgTaskViewModelPackages     Message = "iam.task_view_model_packages"
	MsgTaskCreateModelPackage    Message = "iam.task_create_model_package"
	MsgTaskViewAlgorithms        Message = "iam.task_view_algorithms"
	MsgTaskCreateAlgorithm       Message = "iam.task_create_algorithm"
	MsgTaskListModelPackage      Message = "iam.task_list_model_package"
	MsgTaskListAlgorithm         Message = "iam.task_list_algorithm"
	MsgTaskViewSubscriptions     Message = "iam.task_view_subscriptions"
	MsgTaskManageSubscriptions   Message = "iam.task_manage_subscriptions"
	MsgNotAuthorizedNoPolicy     Message = "error.not_authorized_no_policy"
	MsgNotAuthorizedExplicitDeny Message = "error.not_authorized_explicit_deny"
)
