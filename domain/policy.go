package domain

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxPolicyLength is the most characters a policy document may have, as for
// an AWS managed policy. Leading and trailing space is not counted.
const MaxPolicyLength = 6144

// The policy language versions IAM accepts.
const (
	CurrentPolicyVersion = "2012-10-17"
	LegacyPolicyVersion  = "2008-10-17"
)

// The effects a statement can have.
const (
	EffectAllow = "Allow"
	EffectDeny  = "Deny"
)

// PolicyDocument is an IAM identity policy.
type PolicyDocument struct {
	Version   string
	Statement []Statement
}

// Statement is one rule of a policy: it allows or denies the actions it
// lists on the resources it lists.
type Statement struct {
	Sid      string `json:",omitempty"`
	Effect   string
	Action   StringList
	Resource StringList
}

// StringList unmarshals from a JSON string or an array of strings (as IAM
// allows) and marshals back as an array.
type StringList []string

// UnmarshalJSON accepts "x" as well as ["x", "y"].
func (l *StringList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*l = StringList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*l = many
	return nil
}

// MarshalJSON always writes an array, even for nil, so that stored policies
// have one shape.
func (l StringList) MarshalJSON() ([]byte, error) {
	if l == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]string(l))
}

// ParsePolicy decodes and checks a policy typed by a user. Every problem is
// an EINVALID *Error whose Message and Data say what is wrong and where; the
// same message is under Fields[FieldPolicyDocument]. Only the first problem
// is reported.
func ParsePolicy(raw string) (PolicyDocument, error) {
	text := strings.TrimSpace(raw)
	if text == "" {
		return PolicyDocument{}, policyError(MsgPolicyEmpty, nil)
	}
	if n := utf8.RuneCountInString(text); n > MaxPolicyLength {
		return PolicyDocument{}, policyError(MsgPolicyTooLarge, map[string]any{"Max": MaxPolicyLength, "Length": n})
	}
	lead := len(raw) - len(strings.TrimLeftFunc(raw, unicode.IsSpace))
	p := &policyParser{raw: raw, lead: lead, text: text}
	if err := p.checkSyntax(); err != nil {
		return PolicyDocument{}, err
	}
	doc, err := p.document()
	if err != nil {
		return PolicyDocument{}, err
	}
	if err := validatePolicy(doc); err != nil {
		return PolicyDocument{}, err
	}
	return doc, nil
}

func policyError(msg Message, data map[string]any) *Error {
	return &Error{Code: EINVALID, Message: msg, Data: data, Fields: FieldErrors{FieldPolicyDocument: msg}}
}

// policyParser decodes a policy token by token rather than with
// Decoder.DisallowUnknownFields: that reports an unknown field without its
// offset, and matches keys case-insensitively where IAM does not.
type policyParser struct {
	raw  string // as typed, so that lines and columns match what the user sees
	lead int    // bytes of space trimmed from the front of raw
	text string // raw, trimmed
	dec  *json.Decoder
}

// Shapes a value should have, written as JSON so that they need no
// translation.
const (
	policyWantString     = `"…"`
	policyWantStringList = `["…"]`
	policyWantStatement  = `{…}`
	policyWantStatements = `[{…}]`
)

// errorAt returns an error located at byte offset off of the trimmed text.
func (p *policyParser) errorAt(off int, msg Message, data map[string]any) *Error {
	if data == nil {
		data = map[string]any{}
	}
	data["Line"], data["Column"] = textPosition(p.raw, p.lead+off)
	return policyError(msg, data)
}

// textPosition converts a byte offset into a 1-based line and column; the
// column counts characters, as a textarea shows them.
func textPosition(s string, off int) (line, column int) {
	before := s[:min(max(off, 0), len(s))]
	start := strings.LastIndexByte(before, '\n') + 1
	return strings.Count(before, "\n") + 1, utf8.RuneCountInString(before[start:]) + 1
}

// checkSyntax runs the JSON scanner over the whole text first, because its
// offsets are exact where the token reader's are not. Trailing data after
// the object is a syntax error too.
func (p *policyParser) checkSyntax() error {
	var v json.RawMessage
	err := json.Unmarshal([]byte(p.text), &v)
	if err == nil {
		p.dec = json.NewDecoder(strings.NewReader(p.text))
		// Numbers stay text: read as float64, one too large for it (1E700)
		// fails as if the parser were at fault, not the document.
		p.dec.UseNumber()
		return nil
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, including the offending one.
		return p.errorAt(int(se.Offset)-1, MsgPolicyInvalidJSON, nil)
	}
	return Internal(err)
}

// next returns the next token and the offset where it starts. The text is
// known to be valid JSON, so an error here is a fault of ours.
func (p *policyParser) next() (json.Token, int, error) {
	at := int(p.dec.InputOffset())
	// InputOffset stops before the space and the separator that lead to
	// the next token.
	for at < len(p.text) && strings.IndexByte(" \t\r\n,:", p.text[at]) >= 0 {
		at++
	}
	tok, err := p.dec.Token()
	if err != nil {
		return nil, at, Internal(err)
	}
	return tok, at, nil
}

func (p *policyParser) document() (PolicyDocument, error) {
	var doc PolicyDocument
	tok, at, err := p.next()
	if err != nil {
		return doc, err
	}
	if tok != json.Delim('{') {
		return doc, p.errorAt(at, MsgPolicyNotObject, nil)
	}
	err = p.object(func(key string, at int) error {
		var err error
		switch key {
		case "Version":
			doc.Version, err = p.str(key)
		case "Statement":
			doc.Statement, err = p.statements()
		default:
			err = p.errorAt(at, MsgPolicyUnknownField, map[string]any{"Field": key})
		}
		return err
	})
	return doc, err
}

// object reads the members of an object whose "{" has been read, passing
// each key to member, which must read the value.
func (p *policyParser) object(member func(key string, at int) error) error {
	seen := map[string]bool{}
	for p.dec.More() {
		tok, at, err := p.next()
		if err != nil {
			return err
		}
		key, _ := tok.(string) // JSON object keys are strings
		if seen[key] {
			// encoding/json would keep the last silently; the user would
			// not get the policy they read.
			return p.errorAt(at, MsgPolicyDuplicateField, map[string]any{"Field": key})
		}
		seen[key] = true
		if err := member(key, at); err != nil {
			return err
		}
	}
	_, _, err := p.next() // "}"
	return err
}

// statements reads a list of statements, or a single statement object as
// IAM allows.
func (p *policyParser) statements() ([]Statement, error) {
	tok, at, err := p.next()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		s, err := p.statement()
		return []Statement{s}, err
	case json.Delim('['):
		var list []Statement
		for p.dec.More() {
			tok, at, err := p.next()
			if err != nil {
				return nil, err
			}
			if tok != json.Delim('{') {
				return nil, p.wrongType(at, "Statement", policyWantStatement)
			}
			s, err := p.statement()
			if err != nil {
				return nil, err
			}
			list = append(list, s)
		}
		_, _, err := p.next() // "]"
		return list, err
	}
	return nil, p.wrongType(at, "Statement", policyWantStatements)
}

// statement reads a statement whose "{" has been read.
func (p *policyParser) statement() (Statement, error) {
	var s Statement
	err := p.object(func(key string, at int) error {
		var err error
		switch key {
		case "Sid":
			s.Sid, err = p.str(key)
		case "Effect":
			s.Effect, err = p.str(key)
		case "Action":
			s.Action, err = p.stringList(key)
		case "Resource":
			s.Resource, err = p.stringList(key)
		default:
			err = p.errorAt(at, MsgPolicyUnknownField, map[string]any{"Field": key})
		}
		return err
	})
	return s, err
}

func (p *policyParser) str(field string) (string, error) {
	tok, at, err := p.next()
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", p.wrongType(at, field, policyWantString)
	}
	return s, nil
}

// stringList reads a string or an array of strings.
func (p *policyParser) stringList(field string) (StringList, error) {
	tok, at, err := p.next()
	if err != nil {
		return nil, err
	}
	if s, ok := tok.(string); ok {
		return StringList{s}, nil
	}
	if tok != json.Delim('[') {
		return nil, p.wrongType(at, field, policyWantStringList)
	}
	list := StringList{}
	for p.dec.More() {
		s, err := p.str(field)
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	_, _, err = p.next() // "]"
	return list, err
}

func (p *policyParser) wrongType(at int, field, want string) error {
	return p.errorAt(at, MsgPolicyWrongType, map[string]any{"Field": field, "Want": want})
}

// validatePolicy checks the rules JSON cannot express.
func validatePolicy(doc PolicyDocument) error {
	if doc.Version != CurrentPolicyVersion && doc.Version != LegacyPolicyVersion {
		return policyError(MsgPolicyVersion, map[string]any{"Version": doc.Version})
	}
	if len(doc.Statement) == 0 {
		return policyError(MsgPolicyNoStatement, nil)
	}
	for i, s := range doc.Statement {
		if err := validateStatement(s, i+1); err != nil {
			return err
		}
	}
	return nil
}

// validateStatement checks the statement numbered index, counting from 1 as
// users do.
func validateStatement(s Statement, index int) error {
	if s.Effect != EffectAllow && s.Effect != EffectDeny {
		return policyError(MsgPolicyEffect, map[string]any{"Index": index, "Effect": s.Effect})
	}
	if len(s.Action) == 0 {
		return policyError(MsgPolicyNoAction, map[string]any{"Index": index})
	}
	for _, a := range s.Action {
		if !isActionPattern(a) {
			return policyError(MsgPolicyActionFormat, map[string]any{"Index": index, "Action": a})
		}
	}
	if len(s.Resource) == 0 {
		return policyError(MsgPolicyNoResource, map[string]any{"Index": index})
	}
	for _, r := range s.Resource {
		if r != "*" && !strings.HasPrefix(r, "arn:") {
			return policyError(MsgPolicyResourceFormat, map[string]any{"Index": index, "Resource": r})
		}
	}
	return nil
}

// isActionPattern reports whether a is "*" or "service:Action", where the
// action may hold the wildcards * and ?.
func isActionPattern(a string) bool {
	if a == "*" {
		return true
	}
	service, name, ok := strings.Cut(a, ":")
	return ok && service != "" && name != "" &&
		!strings.ContainsFunc(service, isNotServiceRune) &&
		!strings.ContainsFunc(name, isNotActionRune)
}

func isNotServiceRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
}

func isNotActionRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '*' || r == '?')
}

// Decision is the outcome of evaluating policies for a request.
type Decision int

// The outcomes, in IAM's terms.
const (
	// DecisionImplicitDeny: no statement allows the request.
	DecisionImplicitDeny Decision = iota
	// DecisionAllow: a statement allows it and none denies it.
	DecisionAllow
	// DecisionExplicitDeny: a statement denies it, whatever else allows it.
	DecisionExplicitDeny
)

// String returns the name IAM's policy simulator uses for the decision.
func (d Decision) String() string {
	switch d {
	case DecisionImplicitDeny:
		return "implicitDeny"
	case DecisionAllow:
		return "allowed"
	case DecisionExplicitDeny:
		return "explicitDeny"
	}
	return "Decision(" + strconv.Itoa(int(d)) + ")"
}

// Evaluate decides whether the policies allow action on resource, as IAM
// does: an explicit deny in any document wins, then any allow; otherwise
// the request is implicitly denied. Action names match case-insensitively,
// resources case-sensitively.
func Evaluate(docs []PolicyDocument, action, resource string) Decision {
	decision := DecisionImplicitDeny
	for _, doc := range docs {
		for _, s := range doc.Statement {
			if !s.matches(action, resource) {
				continue
			}
			switch s.Effect {
			case EffectDeny:
				return DecisionExplicitDeny
			case EffectAllow:
				decision = DecisionAllow
			}
		}
	}
	return decision
}

func (s Statement) matches(action, resource string) bool {
	return matchesAny(s.Action, action, true) && matchesAny(s.Resource, resource, false)
}

func matchesAny(patterns []string, value string, foldCase bool) bool {
	for _, p := range patterns {
		if WildcardMatch(p, value, foldCase) {
			return true
		}
	}
	return false
}

// WildcardMatch reports whether value matches pattern, where * matches any
// run of characters (even none), ? matches exactly one character, and
// everything else matches itself; foldCase compares case-insensitively.
// It takes time proportional to len(pattern)*len(value) at worst, never
// exponential, so a hostile pattern cannot stall a request.
func WildcardMatch(pattern, value string, foldCase bool) bool {
	p, v := []rune(pattern), []rune(value)
	pi, vi := 0, 0
	star, retry := -1, 0 // the last * seen, and where its match ends now
	for vi < len(v) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, retry = pi, vi
			pi++
		case pi < len(p) && (p[pi] == '?' || sameRune(p[pi], v[vi], foldCase)):
			pi++
			vi++
		case star >= 0:
			// Let the last * swallow one more character and try again;
			// earlier stars never need revisiting.
			retry++
			pi, vi = star+1, retry
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// sameRune compares with Unicode simple case folding, as strings.EqualFold
// does.
func sameRune(a, b rune, foldCase bool) bool {
	if a == b {
		return true
	}
	if !foldCase {
		return false
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}

// ManagedPolicy is a ready-made policy AWS maintains, which users attach by
// name.
type ManagedPolicy struct {
	Name           string
	DescriptionKey Message
	Document       PolicyDocument
}

// ManagedPolicies returns the AWS managed policies the portal offers, in a
// new slice each call so that callers may change it freely.
func ManagedPolicies() []ManagedPolicy {
	return []ManagedPolicy{
		managedPolicy("AWSMarketplaceSellerFullAccess", MsgManagedSellerFullDescription, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "MarketplaceSellerFullAccess",
      "Effect": "Allow",
      "Action": ["aws-marketplace:*", "aws-marketplace-management:*"],
      "Resource": "*"
    },
    {
      "Sid": "SageMakerListingFullAccess",
      "Effect": "Allow",
      "Action": "sagemaker:*",
      "Resource": "*"
    }
  ]
}`),
		managedPolicy("AWSMarketplaceSellerProductsReadOnly", MsgManagedSellerProductsReadDescription, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "MarketplaceProductsReadOnly",
      "Effect": "Allow",
      "Action": [
        "aws-marketplace:List*",
        "aws-marketplace:Describe*",
        "aws-marketplace-management:view*"
      ],
      "Resource": "*"
    },
    {
      "Sid": "SageMakerListingReadOnly",
      "Effect": "Allow",
      "Action": ["sagemaker:Describe*", "sagemaker:List*"],
      "Resource": "*"
    }
  ]
}`),
		managedPolicy("AWSMarketplaceManageSubscriptions", MsgManagedManageSubscriptionsDescription, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AWSMarketplaceManageSubscriptions",
      "Effect": "Allow",
      "Action": [
        "aws-marketplace:ViewSubscriptions",
        "aws-marketplace:Subscribe",
        "aws-marketplace:Unsubscribe"
      ],
      "Resource": "*"
    }
  ]
}`),
		managedPolicy("AWSMarketplaceRead-only", MsgManagedMarketplaceReadDescription, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AWSMarketplaceRead",
      "Effect": "Allow",
      "Action": [
        "aws-marketplace:ViewSubscriptions",
        "aws-marketplace:SearchAgreements",
        "aws-marketplace:DescribeAgreement",
        "aws-marketplace:GetAgreementTerms"
      ],
      "Resource": "*"
    }
  ]
}`),
		managedPolicy("AmazonSageMakerReadOnly", MsgManagedSageMakerReadDescription, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SageMakerReadOnly",
      "Effect": "Allow",
      "Action": ["sagemaker:Describe*", "sagemaker:List*"],
      "Resource": "*"
    }
  ]
}`),
		managedPolicy("AmazonSageMakerFullAccess", MsgManagedSageMakerFullDescription, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SageMakerFullAccess",
      "Effect": "Allow",
      "Action": "sagemaker:*",
      "Resource": "*"
    }
  ]
}`),
		managedPolicy("IAMFullAccess", MsgManagedIAMFullDescription, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "IAMFullAccess",
      "Effect": "Allow",
      "Action": "iam:*",
      "Resource": "*"
    }
  ]
}`),
	}
}

// managedPolicy parses a document written in this file; a failure is a bug
// that TestManagedPolicies catches, hence the panic.
func managedPolicy(name string, description Message, document string) ManagedPolicy {
	doc, err := ParsePolicy(document)
	if err != nil {
		panic("domain: managed policy " + name + ": " + err.Error())
	}
	return ManagedPolicy{Name: name, DescriptionKey: description, Document: doc}
}

// ManagedPolicyByName finds a managed policy by its exact name.
func ManagedPolicyByName(name string) (ManagedPolicy, bool) {
	for _, p := range ManagedPolicies() {
		if p.Name == name {
			return p, true
		}
	}
	return ManagedPolicy{}, false
}
