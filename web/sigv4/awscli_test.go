package sigv4_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestAWSCLIIsVerified runs the AWS CLI against a test server. Without `aws` on PATH it skips, unless
// PORTAL_REQUIRE_AWSCLI=1, where it fails.
func TestAWSCLIIsVerified(t *testing.T) {
	cli, err := exec.LookPath("aws")
	if err != nil {
		if os.Getenv("PORTAL_REQUIRE_AWSCLI") == "1" {
			t.Fatalf("aws CLI not found and PORTAL_REQUIRE_AWSCLI=1: %v", err)
		}
		t.Skipf("aws CLI not found (set PORTAL_REQUIRE_AWSCLI=1 to make this a failure): %v", err)
	}
	tests := []struct {
		name     string
		args     []string
		secret   string
		wantErr  string // in stderr; empty for success
		wantBody bool
	}{
		{
			name: "list-entities",
			args: []string{"marketplace-catalog", "list-entities", "--catalog", "AWSMarketplace",
				"--entity-type", "MachineLearningProduct"},
			secret: testSecret, wantBody: true,
		},
		{
			name: "describe-entity",
			args: []string{"marketplace-catalog", "describe-entity", "--catalog", "AWSMarketplace",
				"--entity-id", "prod-1 /x~y+z"},
			secret: testSecret,
		},
		{
			name: "wrong secret",
			args: []string{"marketplace-catalog", "list-entities", "--catalog", "AWSMarketplace",
				"--entity-type", "MachineLearningProduct"},
			secret: "not-the-secret", wantErr: "(InvalidSignatureException) when calling the ListEntities operation: " +
				mismatchText,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, got := verifyServer(t, realClockVerifier())
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			args := append(append([]string(nil), tt.args...), "--endpoint-url", srv.URL, "--region", testRegion,
				"--output", "json")
			cmd := exec.CommandContext(ctx, cli, args...)
			cmd.Env = []string{
				"PATH=" + os.Getenv("PATH"),
				"HOME=" + t.TempDir(),
				"AWS_ACCESS_KEY_ID=" + testKeyID,
				"AWS_SECRET_ACCESS_KEY=" + tt.secret,
				"AWS_CONFIG_FILE=/dev/null",
				"AWS_SHARED_CREDENTIALS_FILE=/dev/null",
				"AWS_EC2_METADATA_DISABLED=true",
				"AWS_MAX_ATTEMPTS=1",
				"AWS_PAGER=",
			}
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(stderr.String(), tt.wantErr) {
					t.Fatalf("err = %v, stderr %q, want it to contain %q", err, stderr.String(), tt.wantErr)
				}
				if got.keyID != "" {
					t.Errorf("handler ran with key %q", got.keyID)
				}
				return
			}
			if err != nil {
				t.Fatalf("aws %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, stdout.String(), stderr.String())
			}
			if got.keyID != testKeyID {
				t.Errorf("server saw key %q, want %q", got.keyID, testKeyID)
			}
			if tt.wantBody && !strings.Contains(got.body, `"MachineLearningProduct"`) {
				t.Errorf("handler read body %q", got.body)
			}
		})
	}
}
