package domain

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestWildcardMatch(t *testing.T) {
	tests := []struct {
		pattern, value string
		foldCase       bool
		want           bool
	}{
		{"", "", false, true},
		{"", "a", false, false},
		{"a", "", false, false},
		{"*", "", false, true},
		{"*", "anything at all", false, true},
		{"**", "", false, true},
		{"?", "", false, false},
		{"?", "a", false, true},
		{"?", "ab", false, false},
		{"??", "ab", false, true},
		{"a?c", "abc", false, true},
		{"a?c", "ac", false, false},
		{"abc", "abc", false, true},
		{"abc", "abd", false, false},
		{"abc", "abcd", false, false},
		{"a*", "a", false, true},
		{"a*", "abc", false, true},
		{"*c", "abc", false, true},
		{"*c", "abd", false, false},
		{"a*b*c", "axxbyyc", false, true},
		{"a*b*c", "abc", false, true},
		{"a*b*c", "acb", false, false},
		{"*a*a*", "banana", false, true},
		{"*b*b*", "banana", false, false},
		// The first "b" tried for the star is the wrong one; the match
		// must retry further along.
		{"*bc", "abbc", false, true},
		{"a*?", "a", false, false},
		{"a*?", "ab", false, true},
		{"sagemaker:Describe*", "sagemaker:DescribeModelPackage", false, true},
		{"sagemaker:Describe*", "sagemaker:ListModelPackages", false, false},
		// A character class in another syntax is literal here.
		{"[ab]", "a", false, false},
		{"[ab]", "[ab]", false, true},
		// ? is one character, not one byte.
		{"caf?", "café", false, true},
		{"???", "日本語", false, true},
		{"??", "日本語", false, false},
		{"*語", "日本語", false, true},
		{"日*", "日本語", false, true},
		{"Describe*", "describemodel", false, false},
		{"Describe*", "describemodel", true, true},
		{"sagemaker:describe*", "SageMaker:DescribeModel", true, true},
		{"ÉTÉ", "été", true, true},
		{"ÉTÉ", "été", false, false},
		// Folding is Unicode's: K (Kelvin sign) folds to k.
		{"k", "\u212a", true, true},
		{"k", "\u212a", false, false},
		{"a?c", "ABC", true, true},
	}
	for _, tt := range tests {
		if got := WildcardMatch(tt.pattern, tt.value, tt.foldCase); got != tt.want {
			t.Errorf("WildcardMatch(%q, %q, %v) = %v, want %v", tt.pattern, tt.value, tt.foldCase, got, tt.want)
		}
	}
}

func TestWildcardMatchNoCatastrophicBacktracking(t *testing.T) {
	as := strings.Repeat("a", 10_000)
	tests := []struct {
		name, pattern, value string
		want                 bool
	}{
		// A backtracking matcher tries about n^6 ways to place the stars
		// before giving up.
		{"no match", "a*a*a*a*a*a*b", as, false},
		{"match at the very end", "a*a*a*a*a*a*b", as + "b", true},
		{"many stars", strings.Repeat("*a", 500) + "b", as, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan bool, 1)
			go func() { done <- WildcardMatch(tt.pattern, tt.value, true) }()
			select {
			case got := <-done:
				if got != tt.want {
					t.Errorf("WildcardMatch() = %v, want %v", got, tt.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("WildcardMatch() still running after 5s: it backtracks")
			}
		})
	}
}

// policyLines joins lines with newlines, so that tests can say on which line
// a problem is.
func policyLines(lines ...string) string { return strings.Join(lines, "\n") }

func TestParsePolicy(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want PolicyDocument
	}{
		{
			name: "statement list with action and resource lists",
			raw: `{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow",
				"Action": ["sagemaker:Describe*", "sagemaker:List*"],
				"Resource": ["arn:aws:sagemaker:us-east-1:123456789012:model-package/*"]}]}`,
			want: PolicyDocument{Version: "2012-10-17", Statement: []Statement{{
				Sid:      "Read",
				Effect:   "Allow",
				Action:   StringList{"sagemaker:Describe*", "sagemaker:List*"},
				Resource: StringList{"arn:aws:sagemaker:us-east-1:123456789012:model-package/*"},
			}}},
		},
		{
			name: "single statement object with string action and resource",
			raw:  `{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}}`,
			want: PolicyDocument{Version: "2012-10-17", Statement: []Statement{{
				Effect: "Deny", Action: StringList{"iam:*"}, Resource: StringList{"*"},
			}}},
		},
		{
			name: "legacy version, several statements, space around",
			raw: "\n\t " + `{"Version":"2008-10-17","Statement":[
				{"Effect":"Allow","Action":"*","Resource":"*"},
				{"Effect":"Deny","Action":["aws-marketplace:Start?hangeSet"],"Resource":"arn:aws:aws-marketplace:*"}]}` + " \r\n",
			want: PolicyDocument{Version: "2008-10-17", Statement: []Statement{
				{Effect: "Allow", Action: StringList{"*"}, Resource: StringList{"*"}},
				{Effect: "Deny", Action: StringList{"aws-marketplace:Start?hangeSet"}, Resource: StringList{"arn:aws:aws-marketplace:*"}},
			}},
		},
		{
			name: "keys in any order, escapes decoded",
			raw:  `{"Statement": [{"Resource": "arn:aws:s3:::bucket/caf\u00e9", "Action": "s3:GetObject", "Effect": "Allow"}], "Version": "2012-10-17"}`,
			want: PolicyDocument{Version: "2012-10-17", Statement: []Statement{{
				Effect: "Allow", Action: StringList{"s3:GetObject"}, Resource: StringList{"arn:aws:s3:::bucket/café"},
			}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePolicy(tt.raw)
			if err != nil {
				t.Fatalf("ParsePolicy() error = %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParsePolicy() =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestParsePolicyLengthCountsCharacters(t *testing.T) {
	// A valid document whose Sid pads it to n characters of two bytes each.
	padded := func(n int) string {
		frame := `{"Version":"2012-10-17","Statement":{"Sid":"","Effect":"Allow","Action":"*","Resource":"*"}}`
		sid := strings.Repeat("é", n-len(frame))
		return strings.Replace(frame, `"Sid":""`, `"Sid":"`+sid+`"`, 1)
	}
	if _, err := ParsePolicy("  " + padded(MaxPolicyLength) + "\n"); err != nil {
		t.Errorf("ParsePolicy(%d characters, more bytes) error = %v", MaxPolicyLength, err)
	}
	_, err := ParsePolicy(padded(MaxPolicyLength + 1))
	e := wantPolicyError(t, err, MsgPolicyTooLarge)
	if e.Data["Max"] != MaxPolicyLength || e.Data["Length"] != MaxPolicyLength+1 {
		t.Errorf("Data = %v, want Max %d and Length %d", e.Data, MaxPolicyLength, MaxPolicyLength+1)
	}
}

// wantPolicyError fails the test unless err is ParsePolicy's EINVALID error
// with msg, both as the error's message and under the document field.
func wantPolicyError(t *testing.T, err error, msg Message) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *domain.Error %s", err, err, msg)
	}
	if e.Code != EINVALID || e.Message != msg {
		t.Fatalf("error = %s/%s, want %s/%s (Data %v)", e.Code, e.Message, EINVALID, msg, e.Data)
	}
	if got := e.Fields[FieldPolicyDocument]; got != msg {
		t.Errorf("Fields[%q] = %q, want %q", FieldPolicyDocument, got, msg)
	}
	return e
}

func TestParsePolicyErrors(t *testing.T) {
	// A valid statement, to build documents that are wrong elsewhere.
	const stmt = `{"Effect": "Allow", "Action": "*", "Resource": "*"}`
	doc := func(statements string) string {
		return `{"Version": "2012-10-17", "Statement": ` + statements + `}`
	}
	tests := []struct {
		name string
		raw  string
		msg  Message
		data map[string]any // keys that must be in Data, with their values
	}{
		{"empty", "", MsgPolicyEmpty, nil},
		{"only space", " \n\t ", MsgPolicyEmpty, nil},
		{
			name: "syntax error on line 3: missing comma",
			raw: policyLines(
				`{`,
				`  "Version": "2012-10-17",`,
				`  "Statement": [ { "Effect": "Allow" "Action": "*" } ]`,
				`}`),
			msg:  MsgPolicyInvalidJSON,
			data: map[string]any{"Line": 3, "Column": 38},
		},
		{
			name: "lines and columns count from the text as typed",
			raw:  "\r\n\r\n" + `{"Sid": "été", x}`,
			msg:  MsgPolicyInvalidJSON,
			data: map[string]any{"Line": 3, "Column": 16},
		},
		{"trailing comma", `{"Version": "2012-10-17",}`, MsgPolicyInvalidJSON, map[string]any{"Line": 1, "Column": 26}},
		{"unquoted key", `{Version: "2012-10-17"}`, MsgPolicyInvalidJSON, map[string]any{"Line": 1, "Column": 2}},
		{"cut short", "{\n\"Version\": \"2012-10-17\"", MsgPolicyInvalidJSON, map[string]any{"Line": 2}},
		{"trailing text", doc(stmt) + "\nx", MsgPolicyInvalidJSON, map[string]any{"Line": 2, "Column": 1}},
		{"second object", doc(stmt) + " {}", MsgPolicyInvalidJSON, map[string]any{"Line": 1, "Column": len(doc(stmt)) + 2}},
		{"array at the top", "[" + stmt + "]", MsgPolicyNotObject, map[string]any{"Line": 1, "Column": 1}},
		{"string at the top", ` "policy"`, MsgPolicyNotObject, map[string]any{"Line": 1, "Column": 2}},
		{
			name: "unknown field Principal",
			raw: policyLines(
				`{`,
				`  "Version": "2012-10-17",`,
				`  "Statement": [`,
				`    {`,
				`      "Effect": "Allow",`,
				`      "Principal": "*",`,
				`      "Action": "*",`,
				`      "Resource": "*"`,
				`    }`,
				`  ]`,
				`}`),
			msg:  MsgPolicyUnknownField,
			data: map[string]any{"Field": "Principal", "Line": 6, "Column": 7},
		},
		{
			name: "unknown field NotAction",
			raw:  doc(`[` + stmt + `, {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]`),
			msg:  MsgPolicyUnknownField,
			data: map[string]any{"Field": "NotAction", "Line": 1},
		},
		{
			name: "unknown field Condition",
			raw:  doc(`{"Effect": "Allow", "Action": "*", "Resource": "*",` + "\n" + `"Condition": {}}`),
			msg:  MsgPolicyUnknownField,
			data: map[string]any{"Field": "Condition", "Line": 2, "Column": 1},
		},
		{
			name: "unknown field at the top",
			raw:  `{"Version": "2012-10-17", "Id": "x", "Statement": ` + stmt + `}`,
			msg:  MsgPolicyUnknownField,
			data: map[string]any{"Field": "Id", "Line": 1, "Column": 27},
		},
		{
			// encoding/json would take "version" for Version; IAM does not.
			name: "keys are case-sensitive",
			raw:  `{"version": "2012-10-17", "Statement": ` + stmt + `}`,
			msg:  MsgPolicyUnknownField,
			data: map[string]any{"Field": "version", "Line": 1, "Column": 2},
		},
		{
			name: "duplicate Action",
			raw:  doc(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Action": "*"}`),
			msg:  MsgPolicyDuplicateField,
			data: map[string]any{"Field": "Action", "Line": 1},
		},
		{
			name: "wrong type: Action 5",
			raw: policyLines(
				`{`,
				`  "Version": "2012-10-17",`,
				`  "Statement": {`,
				`    "Effect": "Allow",`,
				`    "Resource": "*",`,
				`    "Action": 5`,
				`  }`,
				`}`),
			msg:  MsgPolicyWrongType,
			data: map[string]any{"Field": "Action", "Want": `["…"]`, "Line": 6, "Column": 15},
		},
		{
			name: "wrong type: number in the Resource list",
			raw:  doc(`{"Effect": "Allow", "Action": "*", "Resource": ["*", 7]}`),
			msg:  MsgPolicyWrongType,
			data: map[string]any{"Field": "Resource", "Want": `"…"`},
		},
		{
			name: "wrong type: Version number",
			raw:  `{"Version": 2012, "Statement": ` + stmt + `}`,
			msg:  MsgPolicyWrongType,
			data: map[string]any{"Field": "Version", "Want": `"…"`, "Line": 1, "Column": 13},
		},
		{
			name: "wrong type: Effect null",
			raw:  doc(`{"Effect": null, "Action": "*", "Resource": "*"}`),
			msg:  MsgPolicyWrongType,
			data: map[string]any{"Field": "Effect", "Want": `"…"`},
		},
		{
			name: "wrong type: Statement string",
			raw:  doc(`"Allow everything"`),
			msg:  MsgPolicyWrongType,
			data: map[string]any{"Field": "Statement", "Want": `[{…}]`, "Line": 1, "Column": 40},
		},
		{
			name: "wrong type: statement in the list is a list",
			raw:  doc(`[` + stmt + `, []]`),
			msg:  MsgPolicyWrongType,
			data: map[string]any{"Field": "Statement", "Want": `{…}`},
		},
		{"no Version", `{"Statement": ` + stmt + `}`, MsgPolicyVersion, map[string]any{"Version": ""}},
		{"unknown Version", `{"Version": "2012-10-18", "Statement": ` + stmt + `}`, MsgPolicyVersion, map[string]any{"Version": "2012-10-18"}},
		{"no Statement", `{"Version": "2012-10-17"}`, MsgPolicyNoStatement, nil},
		{"empty Statement list", doc(`[]`), MsgPolicyNoStatement, nil},
		{"Effect lower case", doc(`{"Effect": "allow", "Action": "*", "Resource": "*"}`), MsgPolicyEffect, map[string]any{"Index": 1, "Effect": "allow"}},
		{"no Effect", doc(`{"Action": "*", "Resource": "*"}`), MsgPolicyEffect, map[string]any{"Index": 1}},
		{"no Action", doc(`{"Effect": "Allow", "Resource": "*"}`), MsgPolicyNoAction, map[string]any{"Index": 1}},
		{"empty Action list", doc(`{"Effect": "Allow", "Action": [], "Resource": "*"}`), MsgPolicyNoAction, map[string]any{"Index": 1}},
		{"action without service", doc(`{"Effect": "Allow", "Action": "DescribeModel", "Resource": "*"}`), MsgPolicyActionFormat, map[string]any{"Index": 1, "Action": "DescribeModel"}},
		{"action empty", doc(`{"Effect": "Allow", "Action": [""], "Resource": "*"}`), MsgPolicyActionFormat, map[string]any{"Action": ""}},
		{"service empty", doc(`{"Effect": "Allow", "Action": ":List*", "Resource": "*"}`), MsgPolicyActionFormat, map[string]any{"Action": ":List*"}},
		{"action name empty", doc(`{"Effect": "Allow", "Action": "sagemaker:", "Resource": "*"}`), MsgPolicyActionFormat, map[string]any{"Action": "sagemaker:"}},
		{"service upper case", doc(`{"Effect": "Allow", "Action": "SageMaker:List*", "Resource": "*"}`), MsgPolicyActionFormat, map[string]any{"Action": "SageMaker:List*"}},
		{"action with hyphen", doc(`{"Effect": "Allow", "Action": "sagemaker:List-Models", "Resource": "*"}`), MsgPolicyActionFormat, map[string]any{"Action": "sagemaker:List-Models"}},
		{"action with two colons", doc(`{"Effect": "Allow", "Action": "sagemaker:List:Models", "Resource": "*"}`), MsgPolicyActionFormat, map[string]any{"Action": "sagemaker:List:Models"}},
		{"no Resource", doc(`{"Effect": "Allow", "Action": "*"}`), MsgPolicyNoResource, map[string]any{"Index": 1}},
		{"empty Resource list", doc(`{"Effect": "Allow", "Action": "*", "Resource": []}`), MsgPolicyNoResource, map[string]any{"Index": 1}},
		{"resource not an ARN", doc(`{"Effect": "Allow", "Action": "*", "Resource": ["*", "model-package/*"]}`), MsgPolicyResourceFormat, map[string]any{"Index": 1, "Resource": "model-package/*"}},
		{"resource ARN upper case", doc(`{"Effect": "Allow", "Action": "*", "Resource": "ARN:aws:s3:::b"}`), MsgPolicyResourceFormat, map[string]any{"Resource": "ARN:aws:s3:::b"}},
		{"problem in the second statement", doc(`[` + stmt + `, {"Effect": "Allow", "Action": "*"}]`), MsgPolicyNoResource, map[string]any{"Index": 2}},
		{"first problem wins", doc(`{"Effect": "Permit", "Action": "bad"}`), MsgPolicyEffect, map[string]any{"Index": 1}},
		{"decoding problems come before rules", `{"Version": "1", "Statement": [], "Principal": "*"}`, MsgPolicyUnknownField, map[string]any{"Field": "Principal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePolicy(tt.raw)
			e := wantPolicyError(t, err, tt.msg)
			for k, want := range tt.data {
				if v, ok := e.Data[k]; !ok || v != want {
					t.Errorf("Data[%q] = %#v, want %#v (Data %v)", k, v, want, e.Data)
				}
			}
			if !reflect.DeepEqual(got, PolicyDocument{}) {
				t.Errorf("ParsePolicy() document = %+v with an error, want the zero value", got)
			}
		})
	}
}

func TestParsePolicyErrorsLocateJSONProblems(t *testing.T) {
	// Every decoding problem has a position, so that the editor can point
	// at it; the table above checks the values where they matter.
	for _, raw := range []string{`{"Version": x}`, `{"Version": 1}`, `{"Nope": 1}`, `[]`, `{"Version": "2012-10-17"} 1`} {
		_, err := ParsePolicy(raw)
		e := AsError(err)
		line, lok := e.Data["Line"].(int)
		col, cok := e.Data["Column"].(int)
		if !lok || !cok || line < 1 || col < 1 {
			t.Errorf("ParsePolicy(%q) Data = %v, want Line and Column from 1", raw, e.Data)
		}
	}
}

func TestPolicyDocumentJSONRoundTrip(t *testing.T) {
	raw := `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}}`
	doc, err := ParsePolicy(raw)
	if err != nil {
		t.Fatalf("ParsePolicy() error = %v", err)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatalf("json.Marshal() error = %v", err)
	}
	const want = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sagemaker:*"],"Resource":["*"]}]}`
	if string(b) != want {
		t.Errorf("json.Marshal() = %s, want %s", b, want)
	}
	again, err := ParsePolicy(string(b))
	if err != nil || !reflect.DeepEqual(again, doc) {
		t.Errorf("ParsePolicy(marshalled) = %+v, %v; want %+v", again, err, doc)
	}
}

func TestPolicyStringListJSON(t *testing.T) {
	tests := []struct {
		in      string
		want    StringList
		wantErr bool
	}{
		{`"iam:*"`, StringList{"iam:*"}, false},
		{`["a:b", "c:d"]`, StringList{"a:b", "c:d"}, false},
		{`[]`, StringList{}, false},
		{`5`, nil, true},
		{`["a", 5]`, nil, true},
		{`{"a": "b"}`, nil, true},
	}
	for _, tt := range tests {
		var got StringList
		err := json.Unmarshal([]byte(tt.in), &got)
		if (err != nil) != tt.wantErr || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Unmarshal(%s) = %#v, %v; want %#v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
	for _, tt := range []struct {
		in   StringList
		want string
	}{{nil, `[]`}, {StringList{"*"}, `["*"]`}, {StringList{"a:b", "c:d"}, `["a:b","c:d"]`}} {
		if b, err := json.Marshal(tt.in); err != nil || string(b) != tt.want {
			t.Errorf("Marshal(%#v) = %s, %v; want %s", tt.in, b, err, tt.want)
		}
	}
}

func TestEvaluate(t *testing.T) {
	parse := func(raw string) PolicyDocument {
		t.Helper()
		doc, err := ParsePolicy(raw)
		if err != nil {
			t.Fatalf("ParsePolicy(%s) error = %v", raw, err)
		}
		return doc
	}
	allow := func(action, resource string) PolicyDocument {
		return parse(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "` + action + `", "Resource": "` + resource + `"}}`)
	}
	deny := func(action, resource string) PolicyDocument {
		return parse(`{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "` + action + `", "Resource": "` + resource + `"}}`)
	}
	const modelPackage = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-predictor"
	packages := "arn:aws:sagemaker:*:123456789012:model-package/*"
	tests := []struct {
		name             string
		docs             []PolicyDocument
		action, resource string
		want             Decision
	}{
		{"no documents", nil, "sagemaker:ListModelPackages", "*", DecisionImplicitDeny},
		{"exact action", []PolicyDocument{allow("sagemaker:ListModelPackages", "*")}, "sagemaker:ListModelPackages", modelPackage, DecisionAllow},
		{"other action", []PolicyDocument{allow("sagemaker:ListModelPackages", "*")}, "sagemaker:DeleteModelPackage", modelPackage, DecisionImplicitDeny},
		{"wildcard action", []PolicyDocument{allow("sagemaker:Describe*", "*")}, "sagemaker:DescribeModelPackage", modelPackage, DecisionAllow},
		{"wildcard action does not reach other services", []PolicyDocument{allow("sagemaker:Describe*", "*")}, "aws-marketplace:DescribeEntity", "*", DecisionImplicitDeny},
		{"action case-insensitive", []PolicyDocument{allow("sagemaker:describemodelpackage", "*")}, "SageMaker:DescribeModelPackage", modelPackage, DecisionAllow},
		{"star allows everything", []PolicyDocument{allow("*", "*")}, "iam:CreateUser", "arn:aws:iam::123456789012:user/bob", DecisionAllow},
		{"resource wildcard", []PolicyDocument{allow("sagemaker:*", packages)}, "sagemaker:DescribeModelPackage", modelPackage, DecisionAllow},
		{"resource wildcard, other account", []PolicyDocument{allow("sagemaker:*", packages)}, "sagemaker:DescribeModelPackage", "arn:aws:sagemaker:us-east-1:210987654321:model-package/churn-predictor", DecisionImplicitDeny},
		{"resource wildcard, other type", []PolicyDocument{allow("sagemaker:*", packages)}, "sagemaker:DescribeAlgorithm", "arn:aws:sagemaker:us-east-1:123456789012:algorithm/xgb", DecisionImplicitDeny},
		{"resource case-sensitive", []PolicyDocument{allow("sagemaker:*", packages)}, "sagemaker:DescribeModelPackage", "arn:aws:sagemaker:us-east-1:123456789012:Model-Package/churn-predictor", DecisionImplicitDeny},
		{"resource question mark", []PolicyDocument{allow("sagemaker:*", "arn:aws:sagemaker:us-east-?:123456789012:*")}, "sagemaker:ListModelPackages", "arn:aws:sagemaker:us-east-2:123456789012:model-package/x", DecisionAllow},
		{
			name:   "deny in a second document beats allow",
			docs:   []PolicyDocument{allow("sagemaker:*", "*"), deny("sagemaker:Delete*", packages)},
			action: "sagemaker:DeleteModelPackage", resource: modelPackage,
			want: DecisionExplicitDeny,
		},
		{
			name:   "deny before allow still wins",
			docs:   []PolicyDocument{deny("sagemaker:Delete*", packages), allow("sagemaker:*", "*")},
			action: "sagemaker:DeleteModelPackage", resource: modelPackage,
			want: DecisionExplicitDeny,
		},
		{
			name:   "deny that does not match leaves the allow",
			docs:   []PolicyDocument{allow("sagemaker:*", "*"), deny("sagemaker:Delete*", packages)},
			action: "sagemaker:DescribeModelPackage", resource: modelPackage,
			want: DecisionAllow,
		},
		{
			name:   "deny alone is still a deny",
			docs:   []PolicyDocument{deny("iam:*", "*")},
			action: "iam:CreateUser", resource: "*",
			want: DecisionExplicitDeny,
		},
		{
			name: "statements of one document",
			docs: []PolicyDocument{parse(`{"Version": "2012-10-17", "Statement": [
				{"Effect": "Allow", "Action": ["aws-marketplace:List*", "aws-marketplace:Describe*"], "Resource": "*"},
				{"Effect": "Deny", "Action": "aws-marketplace:DescribeChangeSet", "Resource": "*"}]}`)},
			action: "aws-marketplace:DescribeChangeSet", resource: "*",
			want: DecisionExplicitDeny,
		},
		{
			name:   "read-only managed policy allows listing",
			docs:   []PolicyDocument{mustManagedPolicy(t, "AWSMarketplaceSellerProductsReadOnly").Document},
			action: "aws-marketplace:ListEntities", resource: "*",
			want: DecisionAllow,
		},
		{
			name:   "read-only managed policy does not allow changes",
			docs:   []PolicyDocument{mustManagedPolicy(t, "AWSMarketplaceSellerProductsReadOnly").Document},
			action: "aws-marketplace:StartChangeSet", resource: "*",
			want: DecisionImplicitDeny,
		},
		{
			name:   "seller full access does not reach IAM",
			docs:   []PolicyDocument{mustManagedPolicy(t, "AWSMarketplaceSellerFullAccess").Document},
			action: "iam:CreateUser", resource: "*",
			want: DecisionImplicitDeny,
		},
	}
	for _, tt := range tests {
		if got := Evaluate(tt.docs, tt.action, tt.resource); got != tt.want {
			t.Errorf("%s: Evaluate(%q, %q) = %v, want %v", tt.name, tt.action, tt.resource, got, tt.want)
		}
	}
}

func mustManagedPolicy(t *testing.T, name string) ManagedPolicy {
	t.Helper()
	p, ok := ManagedPolicyByName(name)
	if !ok {
		t.Fatalf("ManagedPolicyByName(%q) not found", name)
	}
	return p
}

func TestManagedPolicies(t *testing.T) {
	want := []struct {
		name    string
		allows  []string // actions allowed on every resource
		refuses []string
	}{
		{"AWSMarketplaceSellerFullAccess",
			[]string{"aws-marketplace:StartChangeSet", "aws-marketplace-management:uploadFiles", "sagemaker:CreateModelPackage"},
			[]string{"iam:CreateUser", "s3:GetObject"}},
		{"AWSMarketplaceSellerProductsReadOnly",
			[]string{"aws-marketplace:ListChangeSets", "aws-marketplace:DescribeEntity", "aws-marketplace-management:viewReports", "sagemaker:DescribeModelPackage", "sagemaker:ListAlgorithms"},
			[]string{"aws-marketplace:StartChangeSet", "sagemaker:CreateModelPackage"}},
		{"AWSMarketplaceManageSubscriptions",
			[]string{"aws-marketplace:Subscribe", "aws-marketplace:Unsubscribe", "aws-marketplace:ViewSubscriptions"},
			[]string{"aws-marketplace:StartChangeSet", "aws-marketplace:ListEntities", "sagemaker:ListModelPackages"}},
		{"AWSMarketplaceRead-only",
			[]string{"aws-marketplace:ViewSubscriptions"},
			[]string{"aws-marketplace:Subscribe", "aws-marketplace:Unsubscribe", "aws-marketplace:StartChangeSet"}},
		{"AmazonSageMakerReadOnly",
			[]string{"sagemaker:DescribeAlgorithm", "sagemaker:ListModelPackages"},
			[]string{"sagemaker:DeleteModelPackage", "aws-marketplace:ListEntities"}},
		{"AmazonSageMakerFullAccess",
			[]string{"sagemaker:DeleteModelPackage"},
			[]string{"aws-marketplace:ListEntities", "iam:CreateUser"}},
		{"IAMFullAccess",
			[]string{"iam:CreateUser", "iam:AttachUserPolicy"},
			[]string{"sagemaker:ListModelPackages"}},
	}
	all := ManagedPolicies()
	if len(all) != len(want) {
		t.Fatalf("ManagedPolicies() has %d policies, want %d", len(all), len(want))
	}
	descriptions := map[Message]bool{}
	for i, w := range want {
		p := all[i]
		if p.Name != w.name {
			t.Errorf("ManagedPolicies()[%d].Name = %q, want %q", i, p.Name, w.name)
		}
		if !strings.HasPrefix(string(p.DescriptionKey), "iam.managed_") || strings.HasSuffix(string(p.DescriptionKey), ".description") || descriptions[p.DescriptionKey] {
			t.Errorf("%s: DescriptionKey = %q, want a distinct iam.managed_ ID that go-i18n can load", p.Name, p.DescriptionKey)
		}
		descriptions[p.DescriptionKey] = true
		if err := validatePolicy(p.Document); err != nil {
			t.Errorf("%s: document invalid: %v", p.Name, err)
		}
		got, ok := ManagedPolicyByName(w.name)
		if !ok || !reflect.DeepEqual(got, p) {
			t.Errorf("ManagedPolicyByName(%q) = %+v, %v; want %+v", w.name, got, ok, p)
		}
		docs := []PolicyDocument{p.Document}
		for _, a := range w.allows {
			if d := Evaluate(docs, a, "arn:aws:sagemaker:us-east-1:123456789012:model-package/x"); d != DecisionAllow {
				t.Errorf("%s: Evaluate(%q) = %v, want allowed", p.Name, a, d)
			}
		}
		for _, a := range w.refuses {
			if d := Evaluate(docs, a, "*"); d != DecisionImplicitDeny {
				t.Errorf("%s: Evaluate(%q) = %v, want implicitDeny", p.Name, a, d)
			}
		}
	}
}

func TestManagedPolicyByNameUnknown(t *testing.T) {
	for _, name := range []string{"", "AdministratorAccess", "iamfullaccess", "IAMFullAccess "} {
		if p, ok := ManagedPolicyByName(name); ok {
			t.Errorf("ManagedPolicyByName(%q) = %+v, want not found", name, p)
		}
	}
}

func TestManagedPoliciesFreshEachCall(t *testing.T) {
	first := ManagedPolicies()
	first[0].Name = "Changed"
	first[0].Document.Statement[0].Action[0] = "iam:*"
	second := ManagedPolicies()
	if second[0].Name != "AWSMarketplaceSellerFullAccess" || second[0].Document.Statement[0].Action[0] != "aws-marketplace:*" {
		t.Errorf("ManagedPolicies() shares state between calls: %+v", second[0])
	}
}

func TestDecisionString(t *testing.T) {
	tests := []struct {
		d    Decision
		want string
	}{
		{DecisionImplicitDeny, "implicitDeny"},
		{DecisionAllow, "allowed"},
		{DecisionExplicitDeny, "explicitDeny"},
		{Decision(7), "Decision(7)"},
		{Decision(0), "implicitDeny"}, // the zero value denies
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("Decision(%d).String() = %q, want %q", int(tt.d), got, tt.want)
		}
	}
}
