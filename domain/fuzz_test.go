package domain

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// The fuzz targets of issue 14: whatever a user types, the policy parser,
// the ARN checks and the search query parser refuse it with EINVALID or
// accept it, and never panic or fail in a way that would be a 500. CI runs
// each briefly (.ci/run); `go test` alone runs the seeds.

func FuzzParsePolicy(f *testing.F) {
	for _, seed := range []string{
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:Describe*",
			"Resource": ["arn:aws:sagemaker:us-east-1:123456789012:model-package/*"]}]}`,
		` {"Version":"2008-10-17","Statement":{"Sid":"one","Effect":"Deny","Action":["aws-marketplace:Start?hangeSet"],"Resource":"arn:aws:aws-marketplace:*"}}` + " \r\n",
		`{"Statement": [{"Resource": "arn:aws:s3:::bucket/caf\u00e9", "Action": "s3:GetObject", "Effect": "Allow"}], "Version": "2012-10-17"}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "sagemaker:Delete*", "Resource": "*"}]}`,
		"", "   ", "null", "[]", "{}", `"text"`, "{", `{"Version": "2012-10-17",}`, "{\n  \"Version\": 1\n}",
		`{"Version": "2012-10-17", "Version": "2012-10-17"}`, `{"version": "2012-10-17"}`, `{"Version": "2020-01-01", "Statement": []}`,
		`{"Version": "2012-10-17", "Statement": []}`, `{"Version": "2012-10-17", "Statement": [1]}`, `{"Version": "2012-10-17", "Statement": "x"}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:Get", "Resource": "*"}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "S3:get", "Resource": "*"}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get", "Resource": "bucket"}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get", 2], "Resource": "*"}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get", "Resource": "*", "Condition": {}}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get", "Resource": "*"}]} {}`,
		"{\"Version\": \"2012-10-17\xff\"}", "\ufeff{}", strings.Repeat("[", 10001), strings.Repeat(" ", MaxPolicyLength+1) + "{}",
		// Found by this fuzzer in CI: numbers too large for a float64 were
		// an internal error (a 500) instead of a message.
		"1E700", `{"Version": 1E700}`, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get", -1e999], "Resource": "*"}]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		doc, err := ParsePolicy(raw)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParsePolicy(%q) = %v (code %q), want EINVALID", raw, err, ErrorCode(err))
			}
			if !reflect.DeepEqual(doc, PolicyDocument{}) {
				t.Fatalf("ParsePolicy(%q) refused it but returned %+v", raw, doc)
			}
			return
		}
		if err := validatePolicy(doc); err != nil {
			t.Fatalf("ParsePolicy(%q) accepted %+v, which does not validate: %v", raw, doc, err)
		}
		for _, action := range []string{"sagemaker:DescribeModelPackage", "iam:CreateUser", "", "*", "s3:GetObject"} {
			for _, resource := range []string{"*", "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn", ""} {
				if d := Evaluate([]PolicyDocument{doc}, action, resource); d < DecisionImplicitDeny || d > DecisionExplicitDeny {
					t.Fatalf("Evaluate(%q, %q) on %+v = %v", action, resource, doc, d)
				}
			}
		}
		// What was accepted is stored as JSON and must read back the same.
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(doc); err != nil {
			t.Fatalf("marshalling %+v: %v", doc, err)
		}
		if utf8.RuneCount(bytes.TrimSpace(buf.Bytes())) > MaxPolicyLength {
			return // escaping made it longer than a user may type
		}
		again, err := ParsePolicy(buf.String())
		if err != nil || !reflect.DeepEqual(again, doc) {
			t.Fatalf("ParsePolicy(%q) = %+v, %v after marshalling %+v", buf.String(), again, err, doc)
		}
	})
}

func FuzzParseResourceARN(f *testing.F) {
	for _, seed := range []string{
		"arn:aws:sagemaker:us-east-1:123456789012:model-package/pkg",
		"arn:aws:sagemaker:ap-east-1:123456789012:algorithm/a-1",
		"arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep",
		"arn:aws:sagemaker:us-east-1:123456789012:model-package/a/b:c",
		"", "not-an-arn", "arn:aws:s3:::bucket/key",
		"arn:aws-cn:sagemaker:cn-north-1:123456789012:model-package/pkg",
		"arn:aws:sagemaker::123456789012:model-package/pkg",
		"arn:aws:sagemaker:us-east-1:12345:model-package/pkg",
		"arn:aws:sagemaker:us-east-1:12345678901a:model-package/pkg",
		"arn:aws:sagemaker:us-east-1:123456789012:model-package",
		"arn:aws:sagemaker:us-east-1:123456789012:model-package/",
		"arn:aws:sagemaker:us-east-1:123456789012:/pkg",
		"arn:aws:sagemaker:us-east-1:", " arn:aws:sagemaker:us-east-1:123456789012:algorithm/x\n",
		"arn:aws:sagemaker:us-east-1:１２３４５６７８９０１２:model-package/pkg", "arn:aws:sagemaker:us\x00:123456789012:model-package/\xff",
	} {
		f.Add(seed, "pkg")
	}
	f.Fuzz(func(t *testing.T, raw, name string) {
		got, ok := ParseResourceARN(raw)
		if !ok {
			if got != (ResourceARN{}) {
				t.Fatalf("ParseResourceARN(%q) refused it but returned %+v", raw, got)
			}
		} else {
			if !IsAccountID(got.AccountID) || got.Region == "" || got.Kind == "" || got.Name == "" || strings.ContainsAny(got.Region, ":") || strings.Contains(string(got.Kind), "/") {
				t.Fatalf("ParseResourceARN(%q) = %+v", raw, got)
			}
			r := SageMakerResource{Region: got.Region, AccountID: got.AccountID, Kind: got.Kind, Name: got.Name}
			if r.ARN() != raw {
				t.Fatalf("ParseResourceARN(%q) = %+v, whose ARN is %q", raw, got, r.ARN())
			}
			if again, ok := ParseResourceARN(r.ARN()); !ok || again != got {
				t.Fatalf("ParseResourceARN(%q) = %+v, %v; want %+v", r.ARN(), again, ok, got)
			}
		}
		// The launch-option check reads ARNs with the SDK's parser; the two
		// must agree on every SageMaker ARN in the aws partition.
		sdk, err := arn.Parse(raw)
		typ, rname, cut := strings.Cut(sdk.Resource, "/")
		sdkOK := err == nil && sdk.Partition == "aws" && sdk.Service == "sagemaker" && sdk.Region != "" &&
			IsAccountID(sdk.AccountID) && cut && typ != "" && rname != ""
		if sdkOK != ok || ok && (sdk.Region != got.Region || sdk.AccountID != got.AccountID || typ != string(got.Kind) || rname != got.Name) {
			t.Fatalf("ParseResourceARN(%q) = %+v, %v; arn.Parse = %+v, %v", raw, got, ok, sdk, err)
		}
		// The import's check refuses with EINVALID only.
		for _, kind := range []ResourceKind{KindModelPackage, KindAlgorithm} {
			parts, err := checkImportARN(raw, "ModelPackageArn", kind, name, "123456789012")
			if err != nil && ErrorCode(err) != EINVALID {
				t.Fatalf("checkImportARN(%q, %q) = %v (code %q)", raw, name, err, ErrorCode(err))
			}
			if err == nil && (parts.Kind != kind || parts.AccountID != "123456789012" || !strings.EqualFold(parts.Name, strings.TrimSpace(name))) {
				t.Fatalf("checkImportARN(%q, %q, %q) accepted %+v", raw, kind, name, parts)
			}
		}
	})
}

func FuzzParseCatalogQuery(f *testing.F) {
	for _, seed := range []struct{ text, category, kind, pricing, sort, page string }{
		{"churn prediction", "", "", "", "", ""},
		{"  Churn, CHURN; churn!  ", "", "model-package", "free", "relevance", "2"},
		{"a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj", "", "algorithm", "paid", "newest", "500"},
		{"'; DROP TABLE products; --", "", "", "trial", "", "1"},
		{"<script>alert(1)</script>", "no-such-category", "endpoint", "cheap", "price", "0"},
		{"日本語 テキスト café e\u0301", "", "", "", "", "501"},
		{"x\x00y\x1b[0m\u0085\u200b\xff", "", "", "", "", "-1"},
		{strings.Repeat("word ", 50), "", "", "", "", "99999999999999999999"},
		{"", "", "", "", "", "１"},
	} {
		f.Add(seed.text, seed.category, seed.kind, seed.pricing, seed.sort, seed.page)
	}
	f.Fuzz(func(t *testing.T, text, category, kind, pricing, sort, page string) {
		q, err := ParseCatalogQuery(text, category, kind, pricing, sort, page, "123456789012")
		if err != nil && ErrorCode(err) != EINVALID {
			t.Fatalf("ParseCatalogQuery(%q, …, page %q) = %v (code %q)", text, page, err, ErrorCode(err))
		}
		if len(q.Words) > MaxSearchWords {
			t.Fatalf("ParseCatalogQuery(%q) has %d words, more than %d", text, len(q.Words), MaxSearchWords)
		}
		seen := map[string]bool{}
		for _, w := range q.Words {
			if utf8.RuneCountInString(w) < MinSearchWordSize || !utf8.ValidString(w) || seen[w] ||
				strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				t.Fatalf("ParseCatalogQuery(%q) has the word %q in %q", text, w, q.Words)
			}
			seen[w] = true
		}
		if q.Page < 1 || q.Page > MaxCatalogPage || q.Sort != SortRelevance && q.Sort != SortNewest && err == nil {
			t.Fatalf("ParseCatalogQuery(…, sort %q, page %q) = %+v, %v", sort, page, q, err)
		}
		if err == nil && utf8.RuneCountInString(q.Text) > MaxSearchLength {
			t.Fatalf("ParseCatalogQuery accepted %d characters", utf8.RuneCountInString(q.Text))
		}
	})
}
