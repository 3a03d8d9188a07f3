package sigv4_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/marketplacecatalog"
	"github.com/aws/aws-sdk-go-v2/service/marketplacecatalog/types"
	"github.com/aws/smithy-go"

	"github.com/mlportal/portal/web/sigv4"
)

// catalogClient returns the real Marketplace Catalog client pointed at base.
func catalogClient(base, keyID, secret string) *marketplacecatalog.Client {
	return marketplacecatalog.NewFromConfig(aws.Config{
		Region:           testRegion,
		Credentials:      credentials.NewStaticCredentialsProvider(keyID, secret, ""),
		BaseEndpoint:     aws.String(base),
		RetryMaxAttempts: 1,
	})
}

func realClockVerifier() *sigv4.Verifier {
	return &sigv4.Verifier{Region: testRegion, Service: testService, Lookup: lookup}
}

func TestCatalogClientIsVerified(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		call     func(*marketplacecatalog.Client) error
		wantBody bool
	}{
		{
			name: "ListEntities (POST with a JSON body)",
			call: func(c *marketplacecatalog.Client) error {
				_, err := c.ListEntities(ctx, &marketplacecatalog.ListEntitiesInput{
					Catalog:    aws.String("AWSMarketplace"),
					EntityType: aws.String("MachineLearningProduct"),
					FilterList: []types.Filter{{Name: aws.String("Name"), ValueList: []string{"a b/c+d"}}},
				})
				return err
			},
			wantBody: true,
		},
		{
			name: "DescribeEntity (GET with a query string)",
			call: func(c *marketplacecatalog.Client) error {
				out, err := c.DescribeEntity(ctx, &marketplacecatalog.DescribeEntityInput{
					Catalog:  aws.String("AWSMarketplace"),
					EntityId: aws.String("prod-1 /x~y+z"),
				})
				if err == nil && aws.ToString(out.EntityIdentifier) != "prod-1@1" {
					return errors.New("unexpected DescribeEntity output")
				}
				return err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, got := verifyServer(t, realClockVerifier())
			if err := tt.call(catalogClient(srv.URL, testKeyID, testSecret)); err != nil {
				t.Fatal(err)
			}
			if got.keyID != testKeyID {
				t.Errorf("server saw key %q, want %q", got.keyID, testKeyID)
			}
			if tt.wantBody && got.body == "" {
				t.Error("handler read an empty body after Verify")
			}
		})
	}
}

// TestCatalogClientReadsRefusals shows the SDK surfaces the code and message written by WriteError.
func TestCatalogClientReadsRefusals(t *testing.T) {
	tests := []struct {
		name     string
		keyID    string
		secret   string
		verifier func() *sigv4.Verifier
		wantCode string
		wantMsg  string
	}{
		{
			name: "wrong secret", keyID: testKeyID, secret: "not-the-secret",
			wantCode: "InvalidSignatureException",
			wantMsg:  mismatchText + " Check your AWS Secret Access Key and signing method.",
		},
		{
			name: "unknown key", keyID: "AKIDNOSUCHKEY", secret: testSecret,
			wantCode: "UnrecognizedClientException", wantMsg: "The security token included in the request is invalid.",
		},
		{
			name: "clock 20 minutes ahead", keyID: testKeyID, secret: testSecret,
			verifier: func() *sigv4.Verifier {
				v := realClockVerifier()
				v.Now = func() time.Time { return time.Now().Add(20 * time.Minute) }
				return v
			},
			wantCode: "InvalidSignatureException", wantMsg: "Signature expired: ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := realClockVerifier()
			if tt.verifier != nil {
				v = tt.verifier()
			}
			srv, got := verifyServer(t, v)
			_, err := catalogClient(srv.URL, tt.keyID, tt.secret).ListEntities(context.Background(),
				&marketplacecatalog.ListEntitiesInput{
					Catalog: aws.String("AWSMarketplace"), EntityType: aws.String("MachineLearningProduct"),
				})
			var apiErr *smithy.GenericAPIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want a smithy.GenericAPIError", err, err)
			}
			if apiErr.ErrorCode() != tt.wantCode {
				t.Errorf("ErrorCode() = %q, want %q", apiErr.ErrorCode(), tt.wantCode)
			}
			if msg := apiErr.ErrorMessage(); len(msg) < len(tt.wantMsg) || msg[:len(tt.wantMsg)] != tt.wantMsg {
				t.Errorf("ErrorMessage() = %q, want it to start with %q", msg, tt.wantMsg)
			}
			if got.keyID != "" {
				t.Errorf("handler ran with key %q", got.keyID)
			}
		})
	}
}
